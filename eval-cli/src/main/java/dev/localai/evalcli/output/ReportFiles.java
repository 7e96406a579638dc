package dev.localai.evalcli.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** report.json (the run JSON as the router sent it) and report.html (the router's own report) in one folder. */
public final class ReportFiles {

    public static final String JSON = "report.json";
    public static final String HTML = "report.html";

    private ReportFiles() {
    }

    /** Writes what there is (the HTML may be missing, e.g. for a failed run); returns the folder. */
    public static Path write(Path folder, String json, String html) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(JSON), json, StandardCharsets.UTF_8);
        if (html != null) {
            Files.writeString(folder.resolve(HTML), html, StandardCharsets.UTF_8);
        }
        return folder;
    }
}
