package vn.poverty.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/** One packaged app (command-side or query-side) started as a child process on a free port. */
final class AppProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    final int port;

    private AppProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static AppProcess start(String module, TestDatabase.Database db, Map<String, String> extraEnv) throws IOException {
        Path jar = Path.of("..", module, "target", module + "-exec.jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the apps first: " + jar + " is missing");
        }
        int port = freePort();
        Path log = Files.createTempFile(module + "-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SPRING_DATASOURCE_URL", db.url());
        builder.environment().put("SPRING_DATASOURCE_USERNAME", db.username());
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", db.password());
        builder.environment().put("POVERTY_USERS_FILE", TestUsers.file().toString());
        builder.environment().putAll(extraEnv);
        return new AppProcess(module, builder.start(), log, port);
    }

    /** The app's JVM process id (Axon names a node's token claims {@code pid@host}). */
    long pid() {
        return process.pid();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Waits until /actuator/health answers UP; fails with the app's log when it does not. */
    void awaitHealthy(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited early:\n" + tail());
            }
            try {
                HttpResponse<String> health = client.send(
                        HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become healthy in " + timeout + ":\n" + tail());
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts the module on the given port (e.g. the port of a node that was killed, so that its clients find it
     * again), otherwise as {@link #start}.
     */
    static AppProcess startOnPort(String module, TestDatabase.Database db, Map<String, String> extraEnv, int port)
            throws IOException {
        Path jar = Path.of("..", module, "target", module + "-exec.jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the apps first: " + jar + " is missing");
        }
        Path log = Files.createTempFile(module + "-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SPRING_DATASOURCE_URL", db.url());
        builder.environment().put("SPRING_DATASOURCE_USERNAME", db.username());
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", db.password());
        builder.environment().put("POVERTY_USERS_FILE", TestUsers.file().toString());
        builder.environment().putAll(extraEnv);
        return new AppProcess(module, builder.start(), log, port);
    }

    /**
     * Kills the node's JVM at once, like {@code kill -9}: SIGKILL, no shutdown hook, no graceful shutdown, open
     * transactions cut off. The child process is the JVM itself (started without a shell), so the signal reaches it.
     */
    void kill9() throws InterruptedException {
        String command = process.info().command().orElse("");
        if (!command.isEmpty() && !Path.of(command).getFileName().toString().startsWith("java")) {
            throw new IllegalStateException("The child process is not a JVM: " + command);
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") did not die after SIGKILL");
        }
    }

    /** Kills the node ({@link #kill9()}) and starts the same module again on the same port with these settings. */
    AppProcess restart(TestDatabase.Database db, Map<String, String> extraEnv) throws Exception {
        kill9();
        return startOnPort(name, db, extraEnv, port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
