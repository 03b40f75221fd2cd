package vn.poverty.command.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ImportScopedCacheTest {

    private final ImportScopedCache cache = new ImportScopedCache();

    @Test
    void outsideAnImportNothingIsKept() {
        cache.put("h1", "state");

        assertThat((Object) cache.get("h1")).isNull();
        assertThat(cache.containsKey("h1")).isFalse();
        assertThat(cache.putIfAbsent("h1", "state")).isFalse();
        assertThat((Object) cache.get("h1")).isNull();
    }

    @Test
    void insideAnImportEntriesAreKeptUntilItEnds() {
        try (ImportScopedCache.Scope scope = cache.open()) {
            cache.put("h1", "state");
            assertThat((Object) cache.get("h1")).isEqualTo("state");
            assertThat(cache.putIfAbsent("h1", "other")).isFalse();
            assertThat(cache.remove("h1")).isTrue();
            assertThat(cache.putIfAbsent("h1", "other")).isTrue();
            assertThat((Object) cache.get("h1")).isEqualTo("other");
        }
        assertThat((Object) cache.get("h1")).isNull();
    }

    @Test
    void anImportSeesOnlyItsOwnThreadsEntries() throws Exception {
        try (ImportScopedCache.Scope scope = cache.open()) {
            cache.put("h1", "mine");
            Object seenElsewhere = CompletableFuture.supplyAsync(() -> {
                        try (ImportScopedCache.Scope other = cache.open()) {
                            return cache.get("h1");
                        }
                    })
                    .get();
            assertThat(seenElsewhere).isNull();
            assertThat((Object) cache.get("h1")).isEqualTo("mine");
        }
    }
}
