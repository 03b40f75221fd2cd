package vn.poverty.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunTest {

    @Test
    void findsTheProjectRootFromAModuleFolder(@TempDir Path temp) throws IOException {
        Files.writeString(temp.resolve("pom.xml"), "<project/>");
        Files.createDirectories(temp.resolve("command-side"));
        Path module = Files.createDirectories(temp.resolve("local-run/target"));
        Files.writeString(temp.resolve("local-run/pom.xml"), "<project/>"); // a module pom is not the root

        assertThat(LocalRun.findProjectRoot(module))
                .isEqualTo(temp.toAbsolutePath().normalize());
    }

    @Test
    void saysSoWhenNotRunFromInsideTheProject(@TempDir Path temp) {
        assertThatThrownBy(() -> LocalRun.findProjectRoot(temp))
                .isInstanceOf(LocalRun.StartupException.class)
                .hasMessageContaining("Run this from inside the project");
    }

    @Test
    void refusesAPortSomeoneListensOn() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> LocalRun.checkPortFree(port, "the command side"))
                    .isInstanceOf(LocalRun.StartupException.class)
                    .hasMessageContaining("Port " + port + ", needed for the command side, is already in use");
        }
    }

    @Test
    void readsTheCommandLine() {
        LocalRun.Options options =
                LocalRun.Options.parse(new String[] {"--no-demo", "--households", "50", "--seed", "7"});

        assertThat(options.demo()).isFalse();
        assertThat(options.households()).isEqualTo(50);
        assertThat(options.seed()).isEqualTo(7);
        assertThatThrownBy(() -> LocalRun.Options.parse(new String[] {"--households"}))
                .isInstanceOf(LocalRun.UsageException.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LocalRun.Options.parse(new String[] {"--what"}))
                .isInstanceOf(LocalRun.UsageException.class)
                .hasMessageContaining("Unknown option --what");
    }
}
