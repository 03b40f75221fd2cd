package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's HTTP client against a scripted HTTP/1.1 server: persistent connections, both ways of delimiting a
 * body, a server that closes the connection, and a server that drops an idle kept-alive connection.
 */
class HttpTest {

    /** The server answers each request by its path. */
    private ServerSocket server;

    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private Http http;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    open.add(socket);
                    Thread serving = new Thread(() -> serve(socket));
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        http = new Http();
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    @Test
    void answersWithALengthOrInChunksComeBackWholeOnOneConnection() throws Exception {
        Http.Reply sized = http.send(Http.postRequest(url("/sized"), "{\"a\":1}".getBytes(), "Bearer t", "k-1"));
        Http.Reply chunked = http.get(url("/chunked"), "Bearer t");
        Http.Reply empty = http.get(url("/empty"), null);

        assertThat(sized.status()).isEqualTo(201);
        assertThat(sized.text()).isEqualTo("{\"householdId\":\"h-1\"}");
        assertThat(chunked.status()).isEqualTo(200);
        assertThat(chunked.text()).isEqualTo("Xin chào, thế giới");
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
        assertThat(connections).as("one persistent connection").hasValue(1);
        assertThat(requests.get(0))
                .contains("POST /sized HTTP/1.1")
                .contains("Content-Length: 7")
                .contains("Authorization: Bearer t")
                .contains("Idempotency-Key: k-1")
                .endsWith("{\"a\":1}");
    }

    @Test
    void aConnectionTheServerClosesIsNotReused() throws Exception {
        assertThat(http.get(url("/close"), null).text()).isEqualTo("bye");
        assertThat(http.get(url("/sized"), null).status()).isEqualTo(201);

        assertThat(connections).hasValue(2);
    }

    @Test
    void aKeptConnectionDroppedByTheServerIsReplacedAndTheRequestSentAgain() throws Exception {
        assertThat(http.get(url("/sized"), null).status()).isEqualTo(201);
        // the server drops the idle connection without a word (as a keep-alive timeout does)
        for (Socket socket : open) {
            socket.close();
        }

        assertThat(http.get(url("/sized"), null).status()).isEqualTo(201);
        assertThat(connections).hasValue(2);
    }

    @Test
    void anInterimAnswerIsSkipped() throws Exception {
        Http.Reply reply = http.get(url("/continue"), null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("ok");
        assertThat(http.get(url("/sized"), null).status())
                .as("the connection is in step")
                .isEqualTo(201);
    }

    @Test
    void aRequestWithoutAnswerInTimeFailsAndIsNotSentAgain() throws Exception {
        assertThat(http.get(url("/sized"), null).status()).isEqualTo(201);

        assertThatThrownBy(() -> http.send(Http.getRequest(url("/slow"), null).withTimeout(Duration.ofMillis(300))))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(requests.stream().filter(r -> r.startsWith("GET /slow"))).hasSize(1);
    }

    @Test
    void aMalformedAnswerIsAnIoFailure() {
        assertThatThrownBy(() -> http.get(url("/garbled"), null)).isInstanceOf(IOException.class);
    }

    @Test
    void concurrentRequestsUseAsManyConnectionsAsAreInFlight() throws Exception {
        List<Thread> clients = new ArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        for (int c = 0; c < 4; c++) {
            Thread client = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        if (http.get(url("/sized"), null).status() == 201) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            clients.add(client);
            client.start();
        }
        for (Thread client : clients) {
            client.join();
        }

        assertThat(ok).hasValue(100);
        assertThat(connections.get()).isBetween(1, 4);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    private void serve(Socket socket) {
        try (socket) {
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            while (true) {
                String requestLine = in.readLine();
                if (requestLine == null) {
                    return;
                }
                StringBuilder request = new StringBuilder(requestLine).append("\r\n");
                int length = 0;
                for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                    request.append(header).append("\r\n");
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                int read = 0;
                while (read < length) {
                    read += in.read(body, read, length - read);
                }
                requests.add(request.append("\r\n").append(body).toString());
                String path = requestLine.split(" ")[1];
                switch (path) {
                    case "/sized" ->
                        write(
                                out,
                                "HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n"
                                        + "{\"householdId\":\"h-1\"}");
                    case "/chunked" -> {
                        byte[] text = "Xin chào, thế giới".getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(5)
                                        + "\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.write(text, 0, 5);
                        out.write(("\r\n" + Integer.toHexString(text.length - 5) + ";ext=1\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.write(text, 5, text.length - 5);
                        out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                    case "/empty" -> write(out, "HTTP/1.1 204 No Content\r\n\r\n");
                    case "/continue" ->
                        write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    case "/garbled" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n");
                    case "/slow" -> {
                        // no answer: the client gives up
                    }
                    case "/close" -> {
                        write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye");
                        return;
                    }
                    default -> write(out, "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n");
                }
            }
        } catch (IOException closed) {
            // the test closed the connection
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
