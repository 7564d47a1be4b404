package org.interviewpanel.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chrome or Chromium driven by Selenium: the one {@link BrowserBinaries} finds (Debian's chromium and
 * chromium-driver here, Google Chrome on a laptop, or any binary named by -Dpanel.browser). Never downloads a browser;
 * without one the test fails with what to install.
 */
public final class Browser implements AutoCloseable {

    private final WebDriver driver;
    private final Path profile;
    private final String baseUrl;

    public Browser(String baseUrl) {
        BrowserBinaries binaries = BrowserBinaries.find()
                .orElseThrow(() -> new IllegalStateException(TestPrerequisites.missingBrowser()));
        this.baseUrl = baseUrl;
        try {
            profile = Files.createTempDirectory("panel-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binaries.browser().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService.Builder builder = new ChromeDriverService.Builder().usingAnyFreePort();
        // Without a known driver, Selenium Manager resolves the one matching the browser.
        binaries.driver().ifPresent(d -> builder.usingDriverExecutable(d.toFile()));
        ChromeDriverService service = builder.build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** A browser pointed at the application under test (the Quarkus test port). */
    public static Browser onTestApp() {
        return new Browser("http://localhost:" + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.test-port", Integer.class));
    }

    public WebDriver driver() {
        return driver;
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
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is harmless.
        }
    }
}
