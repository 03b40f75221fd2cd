package vn.poverty.query.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentBalancerTest {

    @ParameterizedTest(name = "{0} segments over {1} nodes: at most {2} each")
    @CsvSource({
        "4, 1, 4", "4, 2, 2", "4, 3, 2", "4, 4, 1", "4, 5, 1", "2, 2, 1", "2, 3, 1", "5, 2, 3", "0, 2, 0", "4, 0, 4",
    })
    void fairShareIsTheCeilingOfSegmentsOverNodes(int segments, int nodes, int share) {
        assertThat(SegmentBalancer.fairShare(segments, nodes)).isEqualTo(share);
    }
}
