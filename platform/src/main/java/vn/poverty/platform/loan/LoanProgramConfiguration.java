package vn.poverty.platform.loan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The loan programmes of both apps: built in, or the file named by {@code poverty.loan-programs-file}. */
@AutoConfiguration
public class LoanProgramConfiguration {

    @Bean
    LoanProgramCatalogue loanProgramCatalogue(@Value("${poverty.loan-programs-file:}") String file) throws IOException {
        if (file.isBlank()) {
            return LoanProgramCatalogue.builtIn();
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return LoanProgramCatalogue.read(in);
        }
    }
}
