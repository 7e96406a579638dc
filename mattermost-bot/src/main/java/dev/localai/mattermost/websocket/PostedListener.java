package dev.localai.mattermost.websocket;

import dev.localai.mattermost.server.Posted;

/** Takes each {@code posted} event once the stream has checked its {@code seq}; called on the stream's event loop, so it must not block. */
public interface PostedListener {

    void onPosted(Posted event);
}
