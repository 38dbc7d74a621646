package io.rollcall.collector.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * HTTP/1.1 over TLS on a plain socket, for what {@code java.net.http} cannot do: send from a chosen loopback
 * address (127.0.0.2 is another client to the collector) and watch when the answer comes while a body is
 * still unsent.
 */
public final class RawHttps {
    private final SSLContext tls;
    private final int port;

    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public RawHttps(TestCollector tc) throws Exception {
        this.tls = TestCollector.trustOnly(tc.dataDir.resolve("tls").resolve("ca.crt"));
        this.port = tc.port();
    }

    /** Opens a connection from {@code fromAddress} (any 127.x.y.z) to the collector on 127.0.0.1. */
    public Socket open(String fromAddress) throws IOException {
        Socket s = tls.getSocketFactory().createSocket(InetAddress.getByName("127.0.0.1"), port,
                InetAddress.getByName(fromAddress), 0);
        s.setSoTimeout(30_000);
        return s;
    }

    /** Sends one request with {@code headers} (each "Name: value") and {@code body} and reads the answer. */
    public Response send(String fromAddress, String method, String path, byte[] body, String... headers)
            throws IOException {
        try (Socket s = open(fromAddress)) {
            OutputStream out = s.getOutputStream();
            String[] all = java.util.Arrays.copyOf(headers, headers.length + 1);
            all[headers.length] = "Connection: close";
            out.write(head(method, path, body.length, all));
            out.write(body);
            out.flush();
            return read(s.getInputStream());
        }
    }

    /** The request line and headers (keep-alive unless a header says otherwise). */
    public static byte[] head(String method, String path, long length, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: " + length + "\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads the answer on another thread, so the caller can go on writing and see when it comes. */
    public static CompletableFuture<Response> readAsync(Socket s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return read(s.getInputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Waits up to {@code seconds} for {@code f}; null if it has not come. */
    public static Response within(CompletableFuture<Response> f, long seconds) throws Exception {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    public static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int c = l.indexOf(':');
            String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(c + 1).trim();
            headers.merge(name, value, (a, b) -> a + "\n" + b); // several Set-Cookie lines
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n = Integer.parseInt(line(in).split(";")[0].trim(), 16); n > 0;
                 n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-line after \"" + b + "\"");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
