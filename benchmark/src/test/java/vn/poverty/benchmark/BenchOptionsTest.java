package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreSmall() {
        BenchOptions options = BenchOptions.parse(new String[0]);

        assertThat(options.households()).isEqualTo(2_000);
        assertThat(options.communes()).isEqualTo(100);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.clients()).isEqualTo(16);
        assertThat(options.rate()).isEqualTo(1_000);
        assertThat(options.heap()).isEqualTo("512m");
        assertThat(options.embeddedDatabase()).isTrue();
        assertThat(options.dbUser()).isEqualTo("postgres");
        assertThat(options.importBatch()).isEqualTo(100);
        assertThat(options.warmUp()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void parsesEveryOption() {
        BenchOptions options = BenchOptions.parse(new String[] {
            "--households",
            "500_000",
            "--communes=120",
            "--duration",
            "2m",
            "--pg-duration",
            "1500ms",
            "--warm-up=5s",
            "--clients",
            "32",
            "--rate",
            "1500",
            "--report-requests",
            "300",
            "--lag-sample",
            "10",
            "--heap",
            "1g",
            "--seed",
            "-7",
            "--db-url",
            "jdbc:postgresql://db:5432/bench",
            "--db-user",
            "bench",
            "--db-password",
            "secret",
            "--import-batch",
            "0"
        });

        assertThat(options.households()).isEqualTo(500_000);
        assertThat(options.communes()).isEqualTo(120);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.pgDuration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(options.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.clients()).isEqualTo(32);
        assertThat(options.rate()).isEqualTo(1500);
        assertThat(options.reportRequests()).isEqualTo(300);
        assertThat(options.lagSampleEvery()).isEqualTo(10);
        assertThat(options.importBatch()).isZero();
        assertThat(options.heap()).isEqualTo("1g");
        assertThat(options.seed()).isEqualTo(-7);
        assertThat(options.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/bench");
        assertThat(options.embeddedDatabase()).isFalse();
        assertThat(options.dbUser()).isEqualTo("bench");
        assertThat(options.dbPassword()).isEqualTo("secret");
        assertThat(options.pgStatements()).isFalse();
    }

    @Test
    void statementStatisticsNeedTheEmbeddedDatabase() {
        assertThat(BenchOptions.parse(new String[] {"--pg-statements"}).pgStatements())
                .isTrue();
        assertThatThrownBy(() -> BenchOptions.parse(
                        new String[] {"--pg-statements", "--db-url", "jdbc:postgresql://db:5432/bench"}))
                .isInstanceOf(BenchOptions.UsageException.class)
                .hasMessageContaining("embedded");
    }

    @Test
    void settingsOfTheEmbeddedDatabaseButNotItsDurability() {
        BenchOptions options = BenchOptions.parse(
                new String[] {"--pg-config", "max_wal_size=4GB", "--pg-config=checkpoint_timeout = 15min"});

        assertThat(options.pgConfig())
                .containsExactlyInAnyOrderEntriesOf(
                        java.util.Map.of("max_wal_size", "4GB", "checkpoint_timeout", "15min"));
        assertThat(BenchOptions.defaults().pgConfig()).isEmpty();
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--pg-config", "fsync=off"}))
                .hasMessageContaining("may not change fsync");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--pg-config", "synchronous_commit=local"}))
                .hasMessageContaining("may not change synchronous_commit");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--pg-config", "max_wal_size"}))
                .hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--pg-config", "max_wal_size="}))
                .hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--pg-config", "x; drop=1"}))
                .hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> BenchOptions.parse(
                        new String[] {"--pg-config", "work_mem=64MB", "--db-url", "jdbc:postgresql://db:5432/b"}))
                .hasMessageContaining("embedded");
    }

    @Test
    void durationsTakeAUnitOrMeanSeconds() {
        assertThat(BenchOptions.parseDuration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(BenchOptions.parseDuration("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(BenchOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(BenchOptions.parseDuration("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(BenchOptions.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> BenchOptions.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void helpIsAUsageWithoutMessage() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--help"}))
                .isInstanceOf(BenchOptions.UsageException.class)
                .hasMessage(null);
        assertThat(BenchOptions.USAGE)
                .contains("--households", "--duration", "--clients", "--rate", "--db-url", "--heap");
    }

    @Test
    void refusesBadCommandLines() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--bogus"}))
                .isInstanceOf(BenchOptions.UsageException.class)
                .hasMessageContaining("Unknown option --bogus");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--households"}))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--clients", "many"}))
                .hasMessageContaining("needs a number");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--communes", "1"}))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--duration", "0s"}))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--import-batch", "1001"}))
                .hasMessageContaining("0 to 1000");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--heap", "lots"}))
                .hasMessageContaining("--heap");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--db-url", "postgres://x"}))
                .hasMessageContaining("jdbc:postgresql:");
    }
}
