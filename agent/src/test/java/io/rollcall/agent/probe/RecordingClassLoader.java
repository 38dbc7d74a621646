package io.rollcall.agent.probe;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads the test class path itself (child first, over the platform loader) so {@link #loaded} tells which
 * classes running some code touched: how the tests prove a platform's probes are never loaded elsewhere.
 */
public final class RecordingClassLoader extends URLClassLoader {
    private RecordingClassLoader(URL[] urls) {
        super(urls, ClassLoader.getPlatformClassLoader());
    }

    /** A loader over this JVM's {@code java.class.path}. */
    public static RecordingClassLoader overTestClassPath() {
        URL[] cp = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> {
                    try {
                        return Path.of(p).toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException("class path entry " + p + " is not a URL", e);
                    }
                }).toArray(URL[]::new);
        return new RecordingClassLoader(cp);
    }

    /** Whether this loader has defined {@code name}. */
    public boolean loaded(String name) {
        return findLoadedClass(name) != null;
    }
}
