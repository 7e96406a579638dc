package dev.localai.bench.overhead;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;

/**
 * The floor under the router: a reverse proxy on Vert.x (the server and client the router is built on)
 * that does nothing but pass each request to the upstream and its answer back, streamed or not. No
 * routing, no JSON, no log. Run in its own JVM with the router's options, what it costs per request
 * is what any proxy on this stack costs on this machine; the router's figures stand on it.
 *
 * <p>{@code java -cp … BareProxy <port> <upstream base URL>}; prints {@code listening} when it serves.
 */
public final class BareProxy {

    private BareProxy() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(in -> in.body().onFailure(e -> in.response().setStatusCode(400).end())
                        .onSuccess(body -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
                                        .setHost(upstream.getHost()).setPort(upstream.getPort()).setURI(in.uri())
                                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json"))
                                .compose(out -> out.send(body))
                                .onFailure(e -> in.response().setStatusCode(502).end())
                                .onSuccess(answer -> {
                                    in.response().setStatusCode(answer.statusCode());
                                    String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
                                    if (type != null) {
                                        in.response().putHeader(HttpHeaders.CONTENT_TYPE, type);
                                    }
                                    String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
                                    if (length != null) {
                                        in.response().putHeader(HttpHeaders.CONTENT_LENGTH, length);
                                    } else {
                                        in.response().setChunked(true);
                                    }
                                    answer.pipeTo(in.response());
                                })))
                .listen()
                .onSuccess(s -> System.out.println("listening on " + s.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
