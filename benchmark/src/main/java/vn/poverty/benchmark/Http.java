package vn.poverty.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP/1.1 JSON client with persistent connections (one per request in flight, reused), as a load generator
 * should be: the benchmark shares the machine with the apps and PostgreSQL, and {@code java.net.http}'s client spent
 * about 0.6 ms of CPU per request here (its selector thread and executor hand-offs), as much as a third of what the
 * command side itself spends on a command. Requests are encoded once, up front ({@link Request}); answers are read by
 * {@code Content-Length} or chunked transfer encoding. A connection idle for more than two seconds is not reused; a
 * reused one that the server closed before answering (end of stream, reset or broken pipe on the first read: the
 * keep-alive race) is replaced and the request sent once more; any other failure, a timeout above all (the server may
 * be working on the request), drops the connection and fails the request with an {@link IOException} (the callers
 * retry where it makes sense).
 */
final class Http implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_HEADER_LINE = 16 * 1024;
    /** A connection idle for longer is closed rather than reused (servers close idle ones after some seconds). */
    private static final Duration MAX_IDLE = Duration.ofSeconds(2);

    /** An answer: status and body. */
    record Reply(int status, byte[] body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request, encoded: the host and port it goes to and its bytes on the wire. */
    record Request(String host, int port, String method, String target, byte[] bytes, Duration timeout) {
        /** The same request, failing when no answer came within {@code limit}. */
        Request withTimeout(Duration limit) {
            return new Request(host, port, method, target, bytes, limit);
        }

        @Override
        public String toString() {
            return method + " http://" + host + ":" + port + target;
        }
    }

    private final ExecutorService executor;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Http() {
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "http-client");
            thread.setDaemon(true);
            return thread;
        });
    }

    static Request postRequest(String url, byte[] body, String authorization, String idempotencyKey) {
        StringBuilder headers = new StringBuilder()
                .append("Content-Type: application/json\r\n")
                .append("Accept: application/json, application/problem+json\r\n");
        if (authorization != null) {
            headers.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (idempotencyKey != null) {
            headers.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
        }
        return request("POST", url, headers, body);
    }

    static Request getRequest(String url, String authorization) {
        StringBuilder headers = new StringBuilder().append("Accept: application/json\r\n");
        if (authorization != null) {
            headers.append("Authorization: ").append(authorization).append("\r\n");
        }
        return request("GET", url, headers, null);
    }

    private static Request request(String method, String url, StringBuilder headers, byte[] body) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// URLs: " + url);
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: ")
                .append(uri.getHost())
                .append(':')
                .append(port)
                .append("\r\n")
                .append(headers);
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = headBytes;
        if (body != null) {
            bytes = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
            System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        }
        return new Request(uri.getHost(), port, method, target, bytes, TIMEOUT);
    }

    Reply send(Request request) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (closed) {
            throw new IOException("the client is closed");
        }
        String authority = request.host() + ":" + request.port();
        ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(authority, k -> new ConcurrentLinkedDeque<>());
        Connection connection = pool.pollFirst();
        while (connection != null && connection.idleNanos() > MAX_IDLE.toNanos()) {
            connection.close(); // the server may be closing it right now
            connection = pool.pollFirst();
        }
        if (connection == null) {
            return exchange(pool, new Connection(request.host(), request.port()), request);
        }
        try {
            return exchange(pool, connection, request);
        } catch (StaleConnection e) {
            // closed by the server before it read anything of this request: send it once more, on a new connection
            return exchange(pool, new Connection(request.host(), request.port()), request);
        }
    }

    private Reply exchange(ConcurrentLinkedDeque<Connection> pool, Connection connection, Request request)
            throws IOException {
        boolean reusable = false;
        try {
            Connection.Answer answer =
                    connection.exchange(request.bytes(), "HEAD".equals(request.method()), request.timeout());
            reusable = answer.keepAlive();
            return answer.reply();
        } finally {
            if (reusable && !closed) {
                pool.addFirst(connection);
            } else {
                connection.close();
            }
        }
    }

    /** A reused connection ended before the first byte of the answer. */
    static final class StaleConnection extends IOException {
        StaleConnection(Throwable cause) {
            super("the server closed the connection before answering", cause);
        }
    }

    CompletableFuture<Reply> sendAsync(Request request) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                future.complete(send(request));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    Reply post(String url, Object body, String authorization, String idempotencyKey)
            throws IOException, InterruptedException {
        return send(postRequest(url, JSON.writeValueAsBytes(body), authorization, idempotencyKey));
    }

    Reply get(String url, String authorization) throws IOException, InterruptedException {
        return send(getRequest(url, authorization));
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        idle.values().forEach(pool -> {
            for (Connection c; (c = pool.pollFirst()) != null; ) {
                c.close();
            }
        });
    }

    /** One persistent connection; used by one request at a time. */
    private static final class Connection {
        record Answer(Reply reply, boolean keepAlive) {}

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int uses;
        private long lastUsed = System.nanoTime();

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 10_000);
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        Answer exchange(byte[] request, boolean head, Duration timeout) throws IOException {
            boolean reused = uses++ > 0;
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            String statusLine;
            try {
                out.write(request);
                out.flush();
                int first = in.read();
                if (first == -1) {
                    throw new EOFException("no answer");
                }
                statusLine = (char) first + line();
            } catch (java.net.SocketTimeoutException e) {
                throw e; // the server may be working on it: never sent twice
            } catch (EOFException | java.net.SocketException e) {
                throw reused ? new StaleConnection(e) : e;
            }
            try {
                return answer(statusLine, head);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new IOException("malformed answer: " + e.getMessage(), e);
            }
        }

        private Answer answer(String statusLine, boolean head) throws IOException {
            int status = status(statusLine);
            while (status >= 100 && status < 200) { // interim answers (100 Continue, ...): the real one follows
                while (!line().isEmpty()) {
                    // its headers
                }
                statusLine = line();
                status = status(statusLine);
            }
            long length = -1;
            boolean chunked = false;
            boolean keepAlive = !statusLine.startsWith("HTTP/1.0");
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" ->
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                    default -> {
                        // not needed here
                    }
                }
            }
            byte[] body;
            if (head || status == 204 || status == 304) {
                body = new byte[0];
            } else if (chunked) {
                body = chunkedBody();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length != length) {
                    throw new EOFException("the answer ended after " + body.length + " of " + length + " bytes");
                }
            } else {
                body = in.readAllBytes(); // delimited by the end of the connection
                keepAlive = false;
            }
            lastUsed = System.nanoTime();
            return new Answer(new Reply(status, body), keepAlive);
        }

        private static int status(String statusLine) throws IOException {
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x answer: " + statusLine);
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        private byte[] chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length != size) {
                    throw new EOFException("a chunk ended early");
                }
                body.write(chunk);
                line(); // CRLF after the chunk
            }
        }

        /** One header line without its CRLF (ISO-8859-1, as HTTP headers are). */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b == -1) {
                    throw new EOFException("the connection closed in the middle of an answer");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_HEADER_LINE) {
                    throw new IOException("header line too long");
                }
                line.append((char) b);
            }
        }

        long idleNanos() {
            return System.nanoTime() - lastUsed;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
