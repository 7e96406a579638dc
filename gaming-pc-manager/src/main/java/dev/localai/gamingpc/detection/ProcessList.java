package dev.localai.gamingpc.detection;

import java.util.Set;

/** The names of the processes running on this machine; the game detector's view of it. */
public interface ProcessList {

    /** Process names, e.g. {@code cs2}, {@code eldenring.exe}; empty when they cannot be read. */
    Set<String> names();
}
