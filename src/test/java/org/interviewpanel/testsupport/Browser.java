package org.interviewpanel.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real headless Chrome or Chromium driven by Selenium: the one {@link BrowserBinaries} finds (Debian's chromium and
 * chromium-driver here, Google Chrome on a laptop, or any binary named by -Dpanel.browser). Never downloads a browser;
 * without one the test fails with what to install.
 * <p>
 * Every page it visits is held to the console's standard: no error in the console (Content-Security-Policy violations
 * are reported there too) and no serious or critical axe-core finding. {@link #audit()} checks the page now;
 * {@link #close()} checks the console once more, so a violation late in a test fails it as well.
 */
public final class Browser implements AutoCloseable {

    /** The sizes the console is checked at: a laptop and a phone. */
    public enum Size {
        DESKTOP(1366, 900),
        PHONE(390, 844);

        final int width;
        final int height;

        Size(int width, int height) {
            this.width = width;
            this.height = height;
        }

        public int height() {
            return height;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile String axeSource;

    private final WebDriver driver;
    private final Path profile;
    private final String baseUrl;
    private final List<String> problems = new ArrayList<>();
    private final List<String> tolerated = new ArrayList<>();
    private Size size;

    public Browser(String baseUrl, Size size) {
        BrowserBinaries binaries = BrowserBinaries.find()
                .orElseThrow(() -> new IllegalStateException(TestPrerequisites.missingBrowser()));
        this.baseUrl = baseUrl;
        this.size = size;
        try {
            profile = Files.createTempDirectory("panel-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binaries.browser().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + size.width + "," + size.height, "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService.Builder builder = new ChromeDriverService.Builder().usingAnyFreePort();
        // Without a known driver, Selenium Manager resolves the one matching the browser.
        binaries.driver().ifPresent(d -> builder.usingDriverExecutable(d.toFile()));
        driver = new ChromeDriver(builder.build(), options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        resize(size);
    }

    /** A desktop-sized browser pointed at the application under test (the Quarkus test port). */
    public static Browser onTestApp() {
        return onTestApp(Size.DESKTOP);
    }

    public static Browser onTestApp(Size size) {
        return new Browser("http://localhost:" + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.test-port", Integer.class), size);
    }

    public WebDriver driver() {
        return driver;
    }

    public Size size() {
        return size;
    }

    /** Sets the viewport (the visible page) to the size. */
    public Browser resize(Size to) {
        size = to;
        driver.manage().window().setSize(new Dimension(to.width, to.height));
        long innerHeight = ((Number) ((JavascriptExecutor) driver).executeScript("return window.innerHeight")).longValue();
        if (innerHeight > 0 && innerHeight != to.height) {
            // Headless windows include no browser chrome, but make sure: the viewport is what the checks reason about.
            driver.manage().window().setSize(new Dimension(to.width, to.height + (int) (to.height - innerHeight)));
        }
        return this;
    }

    public Browser open(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** Opens {@code path}, follows the redirect to the real Keycloak login page and signs in (password = username). */
    public Browser login(String username, String path) {
        open(path);
        WebElement user = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(username);
        driver.findElement(By.id("kc-login")).click();
        waitFor(d -> d.getCurrentUrl().startsWith(baseUrl));
        return this;
    }

    /** Console messages containing this text do not fail the test (e.g. the browser's report of an expected 404). */
    public Browser tolerate(String fragment) {
        tolerated.add(fragment);
        return this;
    }

    /**
     * Checks the page as it is now: no console errors or CSP violations since the last check, and no serious or
     * critical axe-core finding. Fails the test with what it found.
     */
    public Browser audit() {
        collectConsole();
        for (JsonNode v : axe()) {
            String impact = v.path("impact").asText();
            if ("serious".equals(impact) || "critical".equals(impact)) {
                List<String> targets = new ArrayList<>();
                v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                problems.add("axe " + impact + " on " + driver.getCurrentUrl() + " at " + size + ": " + v.path("id")
                        .asText() + " (" + v.path("help").asText() + ") " + targets);
            }
        }
        failOnProblems();
        return this;
    }

    private void collectConsole() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && tolerated.stream().noneMatch(t -> entry.getMessage().contains(t))) {
                problems.add("console on " + driver.getCurrentUrl() + ": " + entry.getMessage());
            }
        }
    }

    private void failOnProblems() {
        if (!problems.isEmpty()) {
            screenshot("problem-" + System.currentTimeMillis());
            List<String> found = List.copyOf(problems);
            problems.clear();
            throw new AssertionError("The page is not clean:\n  " + String.join("\n  ", found));
        }
    }

    private List<JsonNode> axe() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axeScript());
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: "
                + "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })"
                + ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{ id: 'axe-error', "
                + "impact: 'critical', help: String(e) }])));");
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(String.valueOf(result)).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String axeScript() {
        if (axeSource == null) {
            try (InputStream in = Browser.class.getResourceAsStream("/axe.min.js")) {
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("axe.min.js (com.deque.html.axe-core:selenium) is not on the classpath", e);
            }
        }
        return axeSource;
    }

    /** Where an element is in the page, relative to the viewport: its top and bottom edge. */
    public Map<String, Number> box(By by) {
        @SuppressWarnings("unchecked")
        Map<String, Number> rect = (Map<String, Number>) ((JavascriptExecutor) driver).executeScript(
                "const r = arguments[0].getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, "
                        + "right: r.right };",
                find(by));
        return rect;
    }

    /** True when the element is entirely within the first screen (the viewport, scrolled to the top). */
    public boolean inFirstScreen(By by) {
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Map<String, Number> rect = box(by);
        return rect.get("top").doubleValue() >= 0 && rect.get("bottom").doubleValue() <= size.height
                && rect.get("right").doubleValue() <= size.width + 1;
    }

    public <T> T waitFor(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(15))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                        try {
                            return condition.apply(d);
                        } catch (org.openqa.selenium.WebDriverException e) {
                            // A page reloading under the check: Chromium reports the old document's node this way.
                            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                                return null;
                            }
                            throw e;
                        }
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout-" + System.currentTimeMillis());
            throw new org.openqa.selenium.TimeoutException("Waited in vain on " + driver.getCurrentUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    public WebElement find(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Saves a screenshot under target/screenshots, for a person to look at. */
    public void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            collectConsole();
            failOnProblems();
        } finally {
            driver.quit();
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }
}
