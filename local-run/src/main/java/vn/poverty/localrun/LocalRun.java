package vn.poverty.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one-command local run: an embedded PostgreSQL 17 whose data survives restarts (in {@code .data/postgres}), the
 * command side and the query side as child processes (logs in {@code .data/logs}), and the demo data.
 *
 * <pre>
 * mvn -DskipTests package
 * java -jar local-run/target/local-run-exec.jar [--no-demo] [--households N] [--seed S]
 * java -jar local-run/target/local-run-exec.jar --demo-only --command-url http://localhost:8080
 * </pre>
 *
 * Environment: {@code POVERTY_DB_PORT} (15432), {@code POVERTY_DEMO=false}, {@code POVERTY_COMMAND_PORT} (8080),
 * {@code POVERTY_QUERY_PORT} (8081), {@code POVERTY_START_TIMEOUT_SECONDS} (180), {@code POVERTY_DEMO_USER} /
 * {@code POVERTY_DEMO_PASSWORD} (HTTP Basic for the demo loader, when the command side asks for it).
 */
public final class LocalRun {

    private static final String DATABASE = "poverty";
    private static final String DB_USER = "postgres";
    private static final String DB_PASSWORD = "postgres";

    /** The command line. */
    record Options(boolean demo, boolean demoOnly, int households, long seed, int parallelism, String commandUrl) {

        static Options parse(String[] args) {
            boolean demo = !"false".equalsIgnoreCase(env("POVERTY_DEMO", "true"));
            boolean demoOnly = false;
            int households = DemoPlan.DEFAULT_HOUSEHOLDS;
            long seed = DemoPlan.DEFAULT_SEED;
            int parallelism = DemoData.DEFAULT_PARALLELISM;
            String commandUrl = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--no-demo" -> demo = false;
                    case "--demo-only" -> demoOnly = true;
                    case "--households" -> households = Integer.parseInt(value(args, ++i, "--households"));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                    case "--parallel" -> parallelism = Integer.parseInt(value(args, ++i, "--parallel"));
                    case "--command-url" -> commandUrl = value(args, ++i, "--command-url");
                    case "-h", "--help" -> throw new UsageException(null);
                    default -> throw new UsageException("Unknown option " + args[i]);
                }
            }
            if (households < 0) {
                throw new UsageException("--households must be 0 or more");
            }
            return new Options(demo, demoOnly, households, seed, parallelism, commandUrl);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            return args[i];
        }
    }

    /** A bad command line; the message (if any) is printed before the usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Startup failed with a message meant for the user; exit non-zero. */
    static final class StartupException extends RuntimeException {
        StartupException(String message) {
            super(message);
        }

        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String USAGE = """
            Usage: java -jar local-run/target/local-run-exec.jar [options]
              (no options)          start PostgreSQL, the command side and the query side, load the demo data
              --no-demo             do not load the demo data (or set POVERTY_DEMO=false)
              --households N        number of demo households (default 400)
              --seed S              seed of the demo data (default 20201215)
              --parallel N          households loaded at once (default 4)
              --demo-only           only load the demo data into a running command side
              --command-url URL     the command side for --demo-only (default http://localhost:8080)
            Environment: POVERTY_DB_PORT (15432), POVERTY_COMMAND_PORT (8080), POVERTY_QUERY_PORT (8081),
              POVERTY_START_TIMEOUT_SECONDS (180), POVERTY_DEMO_USER / POVERTY_DEMO_PASSWORD (HTTP Basic)""";

    private final PrintStream out;
    private final Path root;
    private final Path logs;
    private final int dbPort;
    private final int commandPort;
    private final int queryPort;
    private final List<Child> children = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Held while PostgreSQL starts, so that a Ctrl-C during its start waits for it and then stops it. */
    private final ReentrantLock databaseLock = new ReentrantLock();

    private volatile EmbeddedPostgres postgres;

    /** A started app: its name, process, port and log file. */
    private record Child(String name, Process process, int port, Path log) {}

    private LocalRun(PrintStream out, Path root) {
        this.out = out;
        this.root = root;
        this.logs = root.resolve(".data").resolve("logs");
        this.dbPort = intEnv("POVERTY_DB_PORT", 15432);
        this.commandPort = intEnv("POVERTY_COMMAND_PORT", 8080);
        this.queryPort = intEnv("POVERTY_QUERY_PORT", 8081);
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(out);
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(e.getMessage());
            }
            System.err.println(USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        } catch (NumberFormatException e) {
            System.err.println("Not a number: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }

        LocalRun run;
        try {
            if (options.demoOnly()) {
                String url = options.commandUrl() != null
                        ? options.commandUrl()
                        : "http://localhost:" + intEnv("POVERTY_COMMAND_PORT", 8080);
                System.exit(loadDemo(out, url, options) ? 0 : 1);
                return;
            }
            run = new LocalRun(out, findProjectRoot(Path.of("").toAbsolutePath()));
        } catch (StartupException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(run::stop, "local-run-shutdown"));
        try {
            run.start(options);
        } catch (StartupException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1); // the shutdown hook stops whatever was started
            return;
        } catch (InterruptedException e) {
            System.exit(130);
            return;
        }
        int exitCode = run.awaitChildren();
        System.exit(exitCode);
    }

    private void start(Options options) throws InterruptedException {
        out.println("Project: " + root);
        Path commandJar = root.resolve("command-side/target/command-side-exec.jar");
        Path queryJar = root.resolve("query-side/target/query-side-exec.jar");
        for (Path jar : List.of(commandJar, queryJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new StartupException(root.relativize(jar) + " is missing: build the project first with "
                        + "`./mvnw -DskipTests package` in " + root + " (./run.sh does both)");
            }
        }
        checkPortFree(dbPort, "the embedded PostgreSQL (set POVERTY_DB_PORT to use another)");
        checkPortFree(commandPort, "the command side (set POVERTY_COMMAND_PORT to use another)");
        checkPortFree(queryPort, "the query side (set POVERTY_QUERY_PORT to use another)");

        startPostgres();
        createDatabaseIfMissing();

        String jdbcUrl = "jdbc:postgresql://localhost:" + dbPort + "/" + DATABASE;
        String queryUrl = "http://localhost:" + queryPort;
        List<String> communeCodes = DemoData.plan(options.seed(), 0).communes().stream()
                .map(DemoPlan.CommunePlan::code)
                .toList();
        Path usersFile = DemoUsers.write(root.resolve(".data/demo-users.yml"), communeCodes);
        Map<String, String> environment = Map.of(
                "SPRING_DATASOURCE_URL", jdbcUrl,
                "SPRING_DATASOURCE_USERNAME", DB_USER,
                "SPRING_DATASOURCE_PASSWORD", DB_PASSWORD,
                "POVERTY_QUERY_SIDE_URL", queryUrl,
                "POVERTY_USERS_FILE", usersFile.toString());
        startChild("command-side", commandJar, commandPort, environment);
        startChild("query-side", queryJar, queryPort, environment);

        Duration timeout = Duration.ofSeconds(intEnv("POVERTY_START_TIMEOUT_SECONDS", 180));
        for (Child child : children) {
            awaitHealthy(child, timeout);
        }

        String commandUrl = "http://localhost:" + commandPort;
        if (options.demo()) {
            if (!loadDemo(out, commandUrl, options)) {
                out.println("The apps keep running without (complete) demo data. Load it again later with:");
                out.println("  java -jar local-run/target/local-run-exec.jar --demo-only --command-url " + commandUrl);
            }
        } else {
            out.println("Demo data: not loaded (--no-demo or POVERTY_DEMO=false)");
        }

        out.println();
        out.println("Ready.");
        out.println("  Dashboard:        " + queryUrl + "/  (sign in as district / " + DemoUsers.PASSWORD + ")");
        out.println("  Command side:     " + commandUrl);
        out.println("  Query side:       " + queryUrl);
        out.println("  Swagger UI:       " + commandUrl + "/swagger-ui.html  and  " + queryUrl + "/swagger-ui.html");
        out.println("  Poverty report:   " + queryUrl + "/api/reports/poverty?asOf=2025-12-31");
        out.println("  Database:         " + jdbcUrl + " (user " + DB_USER + ", password " + DB_PASSWORD + "), data in "
                + root.relativize(root.resolve(".data/postgres")));
        out.println("  Logs:             " + logs.resolve("command-side.log") + ", " + logs.resolve("query-side.log"));
        DemoUsers.print(out, communeCodes);
        out.println("  e.g. curl -u district:" + DemoUsers.PASSWORD + " '" + queryUrl
                + "/api/reports/poverty?asOf=2025-12-31'");
        out.println("Press Ctrl-C to stop everything.");
    }

    private static boolean loadDemo(PrintStream out, String commandUrl, Options options) {
        DemoPlan plan = DemoData.plan(options.seed(), options.households());
        if (options.households() < DemoPlan.MIN_HOUSEHOLDS_FOR_FALLING_POOR_COUNT) {
            out.println("Note: with fewer than " + DemoPlan.MIN_HOUSEHOLDS_FOR_FALLING_POOR_COUNT
                    + " households the poor count need not fall every year.");
        }
        String user = System.getenv().getOrDefault("POVERTY_DEMO_USER", DemoUsers.ADMIN);
        String password = System.getenv().getOrDefault("POVERTY_DEMO_PASSWORD", DemoUsers.PASSWORD);
        DemoData loader = new DemoData(commandUrl, out, options.parallelism(), user, password);
        try {
            loader.load(plan);
            return true;
        } catch (DemoData.DemoDataException e) {
            out.println("Demo data: FAILED - " + e.getMessage());
            out.println("  Running it again is safe: every request carries an Idempotency-Key.");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // PostgreSQL

    private void startPostgres() {
        Path dataDirectory = root.resolve(".data").resolve("postgres");
        boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new StartupException("Cannot create " + dataDirectory + ": " + e.getMessage(), e);
        }
        Path log = logs.resolve("postgres.log");
        out.println((fresh ? "Creating" : "Starting") + " the embedded PostgreSQL 17 on port " + dbPort + " (data in "
                + root.relativize(dataDirectory) + ", log in " + root.relativize(log) + ") ...");
        databaseLock.lock();
        try {
            if (stopped.get()) {
                throw new StartupException("Stopped before PostgreSQL started.");
            }
            ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(dbPort)
                    .setRegisterShutdownHook(false) // ours stops the apps first, then the database
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    // the embedded defaults favour tests (no fsync, asynchronous commit); this data is meant to last
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new StartupException("The embedded PostgreSQL did not start: " + e.getMessage() + " - see " + log, e);
        } finally {
            databaseLock.unlock();
        }
        out.println("PostgreSQL is up on port " + dbPort + ".");
    }

    private void createDatabaseIfMissing() {
        String adminUrl = "jdbc:postgresql://localhost:" + dbPort + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, DB_USER, DB_PASSWORD);
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    out.println("Database '" + DATABASE + "' exists (data kept from the last run).");
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
            }
            out.println("Database '" + DATABASE + "' created.");
        } catch (SQLException e) {
            throw new StartupException("Cannot create the database '" + DATABASE + "': " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The apps

    private void startChild(String name, Path jar, int port, Map<String, String> environment) {
        Path log = logs.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-Xmx512m", "-jar", root.relativize(jar).toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        try {
            synchronized (children) {
                if (stopped.get()) {
                    throw new StartupException("Stopped before the " + name + " started.");
                }
                Process process = builder.start();
                children.add(new Child(name, process, port, log));
            }
            Process process = children.get(children.size() - 1).process();
            out.println("Starting the " + name + " on port " + port + " (pid " + process.pid() + ", log in "
                    + root.relativize(log) + ") ...");
        } catch (IOException e) {
            throw new StartupException("Cannot start the " + name + ": " + e.getMessage(), e);
        }
    }

    private void awaitHealthy(Child child, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        ObjectMapper json = new ObjectMapper();
        URI health = URI.create("http://localhost:" + child.port() + "/actuator/health");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastState = "not answering";
        while (System.nanoTime() < deadline) {
            if (!child.process().isAlive()) {
                throw new StartupException("The " + child.name() + " stopped during startup (exit code "
                        + child.process().exitValue() + "). Last lines of " + child.log() + ":\n" + tail(child.log()));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode status = json.readTree(response.body()).path("status");
                if ("UP".equals(status.asText())) {
                    out.println("The " + child.name() + " is UP: " + health);
                    return;
                }
                lastState = "HTTP " + response.statusCode() + " " + response.body();
            } catch (ConnectException e) {
                lastState = "not answering yet";
            } catch (IOException e) {
                lastState = e.toString();
            }
            Thread.sleep(1_000);
        }
        throw new StartupException("The " + child.name() + " was not UP within " + timeout.toSeconds() + " s (" + health
                + ": " + lastState + "). See its log: " + child.log() + "\nLast lines:\n" + tail(child.log()));
    }

    /** Waits while both apps run; when one stops on its own, stops the rest and returns a non-zero code. */
    private int awaitChildren() {
        while (!stopped.get()) {
            for (Child child : List.copyOf(children)) {
                if (!child.process().isAlive() && !stoppingSoon()) {
                    out.println("The " + child.name() + " stopped unexpectedly (exit code "
                            + child.process().exitValue() + "); see " + child.log() + ". Stopping everything.");
                    return 1;
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return 130;
            }
        }
        return 0;
    }

    /** On Ctrl-C the apps get the signal too and may stop a moment before our shutdown hook begins. */
    private boolean stoppingSoon() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stopped.get();
    }

    /** Stops both apps (politely, then forcibly) and then the database. Runs once, from the shutdown hook. */
    private void stop() {
        List<Child> started;
        synchronized (children) {
            if (stopped.getAndSet(true)) {
                return;
            }
            started = List.copyOf(children);
        }
        if (!started.isEmpty() || postgres != null) {
            out.println("Stopping ...");
        }
        for (Child child : started) {
            child.process().destroy();
        }
        for (Child child : started) {
            try {
                if (!child.process().waitFor(30, TimeUnit.SECONDS)) {
                    out.println("The " + child.name() + " did not stop within 30 s; killing it.");
                    child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                out.println("Stopped the " + child.name() + ".");
            } catch (InterruptedException e) {
                child.process().destroyForcibly();
            }
        }
        try {
            // a start in progress finishes first (pg_ctl start waits at most 60 s), so that it can be stopped
            if (!databaseLock.tryLock(90, TimeUnit.SECONDS)) {
                out.println("PostgreSQL is still starting; stop it with pg_ctl -D " + root.resolve(".data/postgres")
                        + " stop");
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        EmbeddedPostgres database = postgres;
        if (database != null) {
            try {
                database.close();
                out.println(
                        "Stopped PostgreSQL (data kept in " + root.relativize(root.resolve(".data/postgres")) + ").");
            } catch (IOException e) {
                out.println("Could not stop PostgreSQL cleanly: " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers

    /** The nearest folder, from {@code start} upwards, that has a pom.xml and a command-side folder. */
    static Path findProjectRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("command-side"))) {
                return dir;
            }
        }
        throw new StartupException("Cannot find the project: no folder from " + start
                + " upwards has pom.xml and command-side/. Run this from inside the project.");
    }

    /** Refuses to start when something listens on the port already (on any address). */
    static void checkPortFree(int port, String forWhat) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            throw new StartupException("Port " + port + ", needed for " + forWhat + ", is already in use by another "
                    + "program. Stop that program (is an earlier local run still running?) and try again.");
        } catch (IOException expected) {
            // nobody answers on localhost: try to bind it too
        }
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true); // a port in TIME_WAIT is free; one with a listener is not
            server.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new StartupException("Port " + port + ", needed for " + forWhat + ", is already in use ("
                    + e.getMessage() + "). Stop the program that holds it and try again.");
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "  (cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static int intEnv(String name, int fallback) {
        String value = env(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new StartupException(name + " must be a number, not '" + value + "'");
        }
    }
}
