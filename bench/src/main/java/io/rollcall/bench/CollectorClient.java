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

/**
 * The load generator's HTTPS client to one collector: trusts only the collector's CA, keeps {@code --concurrency}
 * connections (or one HTTP/2 connection), two event loops.
 */
final class CollectorClient implements AutoCloseable {
    record Resp(int status, String body) {
    }

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final String host;
    private final int port;

    CollectorClient(LoadGenOptions o) {
        URI u = URI.create(o.url);
        this.host = u.getHost();
        this.port = u.getPort() < 0 ? 443 : u.getPort();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClientOptions ho = new HttpClientOptions()
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(o.ca))
                .setVerifyHost(true)
                .setKeepAlive(true)
                .setConnectTimeout(10_000)
                .setIdleTimeout(0);
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

    /** POSTs a JSON body ({@code gzip}: already gzipped) and reads the whole answer. */
    Future<Resp> post(String path, Buffer body, String authorization, boolean gzip) {
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
                .setTimeout(60_000)
                .putHeader("Content-Type", "application/json");
        if (authorization != null) {
            ro.putHeader("Authorization", authorization);
        }
        if (gzip) {
            ro.putHeader("Content-Encoding", "gzip");
        }
        return client.request(ro)
                .compose(req -> req.send(body))
                .compose(res -> res.body().map(b -> new Resp(res.statusCode(), b.toString())));
    }

    @Override
    public void close() {
        client.close().await();
        vertx.close().await();
    }
}
