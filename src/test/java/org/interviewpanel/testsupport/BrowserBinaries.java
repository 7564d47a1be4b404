package org.interviewpanel.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the Chrome or Chromium the browser tests drive, and its ChromeDriver. In order: the {@code panel.browser}
 * system property or {@code PANEL_BROWSER} variable (any Chromium-based binary); then the usual places on Linux, macOS
 * and Windows. The driver: {@code panel.chromedriver} / {@code PANEL_CHROMEDRIVER}, else a {@code chromedriver} on
 * the PATH or in the usual Debian place; without one, Selenium Manager resolves the driver that matches the browser
 * (it never downloads a browser: the browser must be there).
 */
public record BrowserBinaries(Path browser, Optional<Path> driver, String foundBy) {

    static final String BROWSER_PROPERTY = "panel.browser";
    static final String DRIVER_PROPERTY = "panel.chromedriver";

    /** The browser and driver of this machine, or empty when no Chrome or Chromium is found. */
    public static Optional<BrowserBinaries> find() {
        return find(System.getProperty("os.name", ""), System::getenv, System::getProperty);
    }

    interface Lookup {
        String get(String name);
    }

    static Optional<BrowserBinaries> find(String osName, Lookup env, Lookup properties) {
        Optional<Path> driver = explicit(properties.get(DRIVER_PROPERTY), env.get("PANEL_CHROMEDRIVER"))
                .or(() -> onPath("chromedriver", env)).or(() -> executable(Path.of("/usr/bin/chromedriver")));
        Optional<Path> configured = explicit(properties.get(BROWSER_PROPERTY), env.get("PANEL_BROWSER"));
        if (configured.isPresent()) {
            return Optional.of(new BrowserBinaries(configured.get(), driver, "-D" + BROWSER_PROPERTY + " / PANEL_BROWSER"));
        }
        for (Path candidate : usualPlaces(osName, env)) {
            if (executable(candidate).isPresent()) {
                return Optional.of(new BrowserBinaries(candidate, driver, "its usual place"));
            }
        }
        return Optional.empty();
    }

    /** Where Chrome and Chromium install themselves, most specific first. */
    static List<Path> usualPlaces(String osName, Lookup env) {
        String os = osName.toLowerCase(Locale.ROOT);
        List<Path> places = new ArrayList<>();
        if (os.contains("mac")) {
            for (String app : List.of("Google Chrome.app/Contents/MacOS/Google Chrome",
                    "Chromium.app/Contents/MacOS/Chromium",
                    "Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing")) {
                places.add(Path.of("/Applications", app));
                if (env.get("HOME") != null) {
                    places.add(Path.of(env.get("HOME"), "Applications", app));
                }
            }
        } else if (os.contains("win")) {
            for (String root : new String[] { env.get("ProgramFiles"), env.get("ProgramFiles(x86)"),
                    env.get("LOCALAPPDATA") }) {
                if (root != null) {
                    places.add(Path.of(root, "Google", "Chrome", "Application", "chrome.exe"));
                    places.add(Path.of(root, "Chromium", "Application", "chrome.exe"));
                }
            }
        } else {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
                places.add(Path.of("/usr/bin", name));
            }
            places.add(Path.of("/snap/bin/chromium"));
            places.add(Path.of("/opt/google/chrome/chrome"));
        }
        return places;
    }

    private static Optional<Path> explicit(String property, String variable) {
        String value = property != null && !property.isBlank() ? property : variable;
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value.strip());
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("The browser or driver named by -D" + BROWSER_PROPERTY + ", -D"
                    + DRIVER_PROPERTY + ", PANEL_BROWSER or PANEL_CHROMEDRIVER is not an executable file: " + path);
        }
        return Optional.of(path);
    }

    private static Optional<Path> onPath(String name, Lookup env) {
        String path = env.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Optional<Path> found = executable(Path.of(dir, name)).or(() -> executable(Path.of(dir, name + ".exe")));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public String toString() {
        return browser + " (found by " + foundBy + "), driver " + driver.map(Path::toString)
                .orElse("resolved by Selenium Manager");
    }
}
