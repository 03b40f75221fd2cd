package vn.poverty.platform.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import vn.poverty.api.access.Role;

/**
 * Reads the HTTP Basic accounts from the YAML file named by {@code POVERTY_USERS_FILE}:
 * <pre>
 * users:
 *   - { name: district, password: demo, roles: [DISTRICT_OFFICER] }
 *   - { name: officer-c01, password: "{bcrypt}$2a$...", roles: [COMMUNE_OFFICER], communes: [C01] }
 * </pre>
 * Passwords are plain or {@code {bcrypt}} (any Spring Security {@code {id}} prefix works).
 */
public final class UsersFile {

    /** An account of the file: Spring Security's user plus the communes it serves. */
    public static final class FileUser extends User {
        private final Set<String> communes;

        FileUser(
                String name,
                String password,
                Collection<? extends GrantedAuthority> authorities,
                Set<String> communes) {
            super(name, password, authorities);
            this.communes = Set.copyOf(communes);
        }

        public Set<String> communes() {
            return communes;
        }

        /** A fresh copy: Spring Security erases the password of the instance it authenticated. */
        FileUser copy() {
            return new FileUser(getUsername(), getPassword(), getAuthorities(), communes);
        }

        @Override
        public boolean equals(Object other) {
            return super.equals(other);
        }

        @Override
        public int hashCode() {
            return super.hashCode();
        }
    }

    private UsersFile() {}

    public static List<FileUser> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the users file " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<FileUser> parse(InputStream in, String source) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        if (!(document instanceof Map<?, ?> root) || !(root.get("users") instanceof List<?> entries)) {
            throw new IllegalArgumentException(source + ": expected a top-level 'users' list");
        }
        List<FileUser> users = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> fields)) {
                throw new IllegalArgumentException(source + ": every user must be a map");
            }
            String name = text(fields.get("name"), source, "name");
            String password = text(fields.get("password"), source, "password of " + name);
            List<SimpleGrantedAuthority> authorities = new ArrayList<>();
            for (Object role : list(fields.get("roles"))) {
                Role parsed;
                try {
                    parsed = Role.valueOf(String.valueOf(role).strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": unknown role '" + role + "' of " + name);
                }
                authorities.add(new SimpleGrantedAuthority("ROLE_" + parsed.name()));
            }
            Set<String> communes = Set.copyOf(
                    list(fields.get("communes")).stream().map(String::valueOf).toList());
            users.add(new FileUser(
                    name, password.startsWith("{") ? password : "{noop}" + password, authorities, communes));
        }
        return users;
    }

    private static String text(Object value, String source, String what) {
        if (value == null || String.valueOf(value).isBlank()) {
            throw new IllegalArgumentException(source + ": missing " + what);
        }
        return String.valueOf(value);
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
