package vn.poverty.platform.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The policy catalogue of both apps: the built-in one, or the file named by {@code poverty.policies-file}. */
@AutoConfiguration
public class PolicyConfiguration {

    @Bean
    PolicyCatalogue policyCatalogue(@Value("${poverty.policies-file:}") String file) throws IOException {
        if (file.isBlank()) {
            return PolicyCatalogue.builtIn();
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return PolicyCatalogue.read(in);
        }
    }
}
