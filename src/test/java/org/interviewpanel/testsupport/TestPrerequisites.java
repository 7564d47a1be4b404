package org.interviewpanel.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs before any test (Maven's process-test-classes phase, see pom.xml): makes sure the browser tests have a browser.
 * Kafka, Keycloak and (where no server answers) PostgreSQL come through Maven; Chrome or Chromium is the one thing the
 * system provides. Found: says which. Missing on Debian or Ubuntu as root: installs Debian's {@code chromium} and
 * {@code chromium-driver} through apt. Missing otherwise: fails the build with what to install, before any test runs —
 * browser tests are never skipped silently.
 */
public final class TestPrerequisites {

    static final List<String> APT_PACKAGES = List.of("chromium", "chromium-driver");

    private TestPrerequisites() {
    }

    public static void main(String[] args) throws Exception {
        Optional<BrowserBinaries> found = BrowserBinaries.find();
        Plan plan = plan(found, System.getProperty("os.name", ""), ChildProcess.isRoot(),
                Files.isExecutable(Path.of("/usr/bin/apt-get")));
        switch (plan.action()) {
            case READY -> System.out.println("[prerequisites] Browser tests use " + found.orElseThrow());
            case INSTALL -> {
                System.out.println("[prerequisites] " + plan.message());
                install(plan.packages());
                BrowserBinaries now = BrowserBinaries.find().filter(b -> b.driver().isPresent())
                        .orElseThrow(() -> new IllegalStateException("apt-get installed " + plan.packages()
                                + " but no Chromium with its driver is found; see the output above"));
                System.out.println("[prerequisites] Browser tests use " + now);
            }
            case FAIL -> throw new IllegalStateException(plan.message());
        }
    }

    enum Action {
        READY,
        INSTALL,
        FAIL
    }

    record Plan(Action action, List<String> packages, String message) {
    }

    /** What to do on this machine; pure, so the decision itself is tested. */
    static Plan plan(Optional<BrowserBinaries> found, String osName, boolean root, boolean apt) {
        boolean debian = osName.toLowerCase(java.util.Locale.ROOT).contains("linux") && apt;
        // Debian's chromium without chromium-driver: the driver Selenium Manager would fetch cannot be downloaded here.
        boolean debianChromiumWithoutDriver = found.isPresent() && found.get().driver().isEmpty() && debian
                && found.get().browser().equals(Path.of("/usr/bin/chromium"));
        if (found.isPresent() && !debianChromiumWithoutDriver) {
            return new Plan(Action.READY, List.of(), "");
        }
        List<String> packages = debianChromiumWithoutDriver ? List.of("chromium-driver") : APT_PACKAGES;
        String command = "apt-get install -y --no-install-recommends " + String.join(" ", packages);
        if (debian && root) {
            return new Plan(Action.INSTALL, packages, "No Chrome or Chromium with its driver for the browser tests: "
                    + "installing Debian's packages (" + command + ")");
        }
        String how = debian ? "sudo apt-get update && sudo " + command
                : osName.toLowerCase(java.util.Locale.ROOT).contains("mac")
                        ? "install Google Chrome (https://www.google.com/chrome/ or brew install --cask google-chrome)"
                        : "install Google Chrome or Chromium";
        return new Plan(Action.FAIL, packages, "The browser tests need Google Chrome or Chromium, and none was found "
                + "in its usual place. To fix it: " + how + "; or point the tests at any Chromium-based browser with "
                + "-D" + BrowserBinaries.BROWSER_PROPERTY + "=/path/to/chrome (or PANEL_BROWSER), and at its driver "
                + "with -D" + BrowserBinaries.DRIVER_PROPERTY + " (or PANEL_CHROMEDRIVER) if Selenium Manager cannot "
                + "fetch one.");
    }

    /** What to install, for a test that finds no browser (the build step normally stops earlier). */
    static String missingBrowser() {
        return plan(Optional.empty(), System.getProperty("os.name", ""), false,
                Files.isExecutable(Path.of("/usr/bin/apt-get"))).message();
    }

    private static void install(List<String> packages) throws IOException, InterruptedException {
        run(List.of("apt-get", "update", "-qq"));
        List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        command.addAll(packages);
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit);
        }
    }
}
