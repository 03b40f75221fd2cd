package vn.poverty.command.shared;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.springframework.stereotype.Component;

/**
 * The aggregate cache of the household and loan repositories, alive only while a bulk import runs on the current
 * thread. An import sends each household's commands one after another in one database transaction: without a cache,
 * every command would read and deserialise the household's whole history again. Within the import's transaction
 * nobody else can see (let alone change) the households and loans it creates, so what it cached is what the store
 * holds; the entries go when the import ends, committed or not. Outside an import the cache holds nothing, so
 * single commands always load from the event store, also with several command nodes.
 */
@Component(ImportScopedCache.BEAN)
public final class ImportScopedCache implements Cache {

    /** The bean's name, as the aggregates' {@code @Aggregate(cache = ...)} names it. */
    public static final String BEAN = "importScopedCache";

    private final ThreadLocal<Map<Object, Object>> entries = new ThreadLocal<>();

    /** Caches on this thread until the returned scope is closed. */
    public Scope open() {
        Map<Object, Object> previous = entries.get();
        entries.set(new HashMap<>());
        return () -> {
            if (previous == null) {
                entries.remove();
            } else {
                entries.set(previous);
            }
        };
    }

    /** An open import scope; closing it forgets what it cached. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Map<Object, Object> map = entries.get();
        return map == null ? null : (V) map.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        Map<Object, Object> map = entries.get();
        if (map != null) {
            map.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        Map<Object, Object> map = entries.get();
        return map != null && map.putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        Map<Object, Object> map = entries.get();
        return map != null && map.remove(key) != null;
    }

    @Override
    public void removeAll() {
        Map<Object, Object> map = entries.get();
        if (map != null) {
            map.clear();
        }
    }

    @Override
    public boolean containsKey(Object key) {
        Map<Object, Object> map = entries.get();
        return map != null && map.containsKey(key);
    }

    /** Nobody listens: entries live for one import on one thread. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return () -> true;
    }
}
