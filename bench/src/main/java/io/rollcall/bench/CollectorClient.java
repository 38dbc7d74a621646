package io.rollcall.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.util.List;

/**
 * The load generator's HTTPS client to the collectors of {@code --url} (one, or the nodes of a cluster sharing one CA):
 * trusts only the collector's CA, keeps up to {@code --concurrency} connections per node (or one HTTP/2 connection),
 * two event loops.
 */
final class CollectorClient implements AutoCloseable {
    /** An answer; {@code retryAfter} is the Retry-After header or null. */
    record Resp(int status, String body, String retryAfter) {
    }

    private final Vertx vertx;
    private final HttpClientAgent client;
    private record Endpoint(String host, int port) {
    }

    private final List<Endpoint> nodes;

    CollectorClient(LoadGenOptions o) {
        this.nodes = o.urls().stream().map(URI::create)
                .map(u -> new Endpoint(u.getHost(), u.getPort() < 0 ? 443 : u.getPort())).toList();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClientOptions ho = new HttpClientOptions()
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(o.ca))
                .setVerifyHost(true)
                .setKeepAlive(true)
                .setConnectTimeout(10_000)
                .setIdleTimeout(0);
        if (io.vertx.core.net.OpenSSLEngineOptions.isAvailable()) {
            // the generator shares the collector's cores here, where real agents would not: BoringSSL keeps its
            // share of them small
            ho.setSslEngineOptions(new io.vertx.core.net.OpenSSLEngineOptions());
        }
        if (o.http2) {
            ho.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setHttp2MultiplexingLimit(o.concurrency);
        }
        PoolOptions po = new PoolOptions().setHttp1MaxSize(o.concurrency).setHttp2MaxSize(1)
                .setMaxWaitQueueSize(-1);
        this.client = vertx.httpClientBuilder().with(ho).with(po).build();
    }

    Vertx vertx() {
        return vertx;
    }

    /** {@link #post(int, String, Buffer, String, boolean)} to the first node. */
    Future<Resp> post(String path, Buffer body, String authorization, boolean gzip) {
        return post(0, path, body, authorization, gzip);
    }

    /** POSTs a JSON body ({@code gzip}: already gzipped) to node {@code node} and reads the whole answer. */
    Future<Resp> post(int node, String path, Buffer body, String authorization, boolean gzip) {
        RequestOptions ro = options(node, HttpMethod.POST, path, authorization)
                .putHeader("Content-Type", "application/json");
        if (gzip) {
            ro.putHeader("Content-Encoding", "gzip");
        }
        return exchange(ro, body);
    }

    /** GETs {@code path} from node {@code node}, without credentials, and reads the whole answer. */
    Future<Resp> get(int node, String path) {
        return exchange(options(node, HttpMethod.GET, path, null), null);
    }

    private RequestOptions options(int node, HttpMethod method, String path, String authorization) {
        Endpoint e = nodes.get(node);
        RequestOptions ro = new RequestOptions().setMethod(method).setHost(e.host()).setPort(e.port()).setURI(path)
                .setTimeout(60_000);
        if (authorization != null) {
            ro.putHeader("Authorization", authorization);
        }
        return ro;
    }

    /** Sends {@code body} (null: none) and reads the whole answer. */
    private Future<Resp> exchange(RequestOptions ro, Buffer body) {
        return client.request(ro)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(res -> res.body().map(b -> new Resp(res.statusCode(), b.toString(),
                        res.getHeader("Retry-After"))));
    }

    @Override
    public void close() {
        client.close().await();
        vertx.close().await();
    }
}
