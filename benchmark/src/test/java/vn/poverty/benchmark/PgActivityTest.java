package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgActivityTest {

    @Test
    void describesWhatWasWrittenBetweenTwoSnapshots() {
        var from = new PgActivity.Snapshot(1_000, 10, 5_000_000, 2, 1, 100);
        var to = new PgActivity.Snapshot(4_001_000, 20_010, 1_205_000_000, 3, 4, 9_100);

        assertThat(PgActivity.describe(from, to))
                .isEqualTo("PostgreSQL wrote 1,200 MB of WAL (4,000,000 records, 20,000 full-page images),"
                        + " 4 checkpoints (3 requested by WAL volume) writing 9,000 buffers");
    }

    @Test
    void saysNothingWithoutBothSnapshots() {
        var one = new PgActivity.Snapshot(1, 1, 1, 1, 1, 1);

        assertThat(PgActivity.describe(null, one)).isEmpty();
        assertThat(PgActivity.describe(one, null)).isEmpty();
    }
}
