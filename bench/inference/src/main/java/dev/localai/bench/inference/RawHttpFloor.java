package dev.localai.bench.inference;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP floor without {@link java.net.http.HttpClient}: {@code GET <path>} over one kept-alive socket
 * (TCP_NODELAY), reading the status line, the headers and a {@code Content-Length} body by hand. It tells
 * how much of a round trip is the client library and how much is the service.
 */
final class RawHttpFloor implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request;

    RawHttpFloor(int port, String path) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** One round trip, in ns. */
    long roundTrip() throws IOException {
        long start = System.nanoTime();
        out.write(request);
        out.flush();
        int length = -1;
        String status = null;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c == '\n') {
                String l = line.toString().trim();
                line.setLength(0);
                if (status == null) {
                    status = l;
                } else if (l.isEmpty()) {
                    break;
                } else if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
            } else {
                line.append((char) c);
            }
        }
        if (length < 0 || !status.contains(" 200")) {
            throw new IOException("unexpected answer: " + status + " (content-length " + length + ")");
        }
        in.readNBytes(length);
        return System.nanoTime() - start;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
