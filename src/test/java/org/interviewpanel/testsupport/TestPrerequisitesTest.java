package org.interviewpanel.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the suite finds a browser, and what it does when there is none: install, or say exactly what to install. */
class TestPrerequisitesTest {

    @TempDir
    Path dir;

    @Test
    void aBrowserNamedByPropertyOrVariableWinsOverTheUsualPlaces() throws IOException {
        Path chrome = executable("my-chrome");
        Path driver = executable("my-chromedriver");
        var found = BrowserBinaries.find("Linux", Map.of("PANEL_BROWSER", chrome.toString())::get,
                Map.of("panel.chromedriver", driver.toString())::get).orElseThrow();
        assertThat(found.browser()).isEqualTo(chrome);
        assertThat(found.driver()).contains(driver);

        var byProperty = BrowserBinaries.find("Linux", Map.<String, String> of()::get,
                Map.of("panel.browser", chrome.toString())::get).orElseThrow();
        assertThat(byProperty.browser()).isEqualTo(chrome);
    }

    @Test
    void aDriverOnThePathIsFound() throws IOException {
        Path chrome = executable("chrome");
        Path driver = executable("chromedriver");
        Map<String, String> env = new HashMap<>();
        env.put("PANEL_BROWSER", chrome.toString());
        env.put("PATH", "/nonexistent:" + dir);
        assertThat(BrowserBinaries.find("Linux", env::get, k -> null).orElseThrow().driver()).contains(driver);
    }

    @Test
    void theUsualPlacesCoverChromeAndChromiumOnEachSystem() {
        assertThat(BrowserBinaries.usualPlaces("Mac OS X", Map.of("HOME", "/Users/ana")::get)).contains(
                Path.of("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
                Path.of("/Users/ana/Applications/Chromium.app/Contents/MacOS/Chromium"));
        assertThat(BrowserBinaries.usualPlaces("Windows 11", Map.of("ProgramFiles", "C:\\Program Files")::get))
                .contains(Path.of("C:\\Program Files", "Google", "Chrome", "Application", "chrome.exe"));
        assertThat(BrowserBinaries.usualPlaces("Linux", k -> null)).contains(Path.of("/usr/bin/chromium"),
                Path.of("/usr/bin/google-chrome"), Path.of("/snap/bin/chromium"));
    }

    @Test
    void aMissingBrowserIsInstalledThroughAptWhenRootOnDebian() {
        var plan = TestPrerequisites.plan(Optional.empty(), "Linux", true, true);
        assertThat(plan.action()).isEqualTo(TestPrerequisites.Action.INSTALL);
        assertThat(plan.packages()).containsExactly("chromium", "chromium-driver");
    }

    @Test
    void debiansChromiumWithoutItsDriverGetsTheDriver() {
        var chromium = new BrowserBinaries(Path.of("/usr/bin/chromium"), Optional.empty(), "its usual place");
        var plan = TestPrerequisites.plan(Optional.of(chromium), "Linux", true, true);
        assertThat(plan.action()).isEqualTo(TestPrerequisites.Action.INSTALL);
        assertThat(plan.packages()).containsExactly("chromium-driver");
    }

    @Test
    void withoutRootTheBuildStopsWithTheExactCommand() {
        var plan = TestPrerequisites.plan(Optional.empty(), "Linux", false, true);
        assertThat(plan.action()).isEqualTo(TestPrerequisites.Action.FAIL);
        assertThat(plan.message()).contains("sudo apt-get install -y --no-install-recommends chromium chromium-driver")
                .contains("-Dpanel.browser=");
        assertThat(TestPrerequisites.plan(Optional.empty(), "Mac OS X", false, false).message())
                .contains("Google Chrome").contains("PANEL_BROWSER");
    }

    @Test
    void aFoundBrowserNeedsNothing() {
        var chrome = new BrowserBinaries(Path.of("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
                Optional.empty(), "its usual place");
        assertThat(TestPrerequisites.plan(Optional.of(chrome), "Mac OS X", false, false).action())
                .isEqualTo(TestPrerequisites.Action.READY);
    }

    private Path executable(String name) throws IOException {
        Path file = Files.createFile(dir.resolve(name));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
