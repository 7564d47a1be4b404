package org.interviewpanel.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.interviewpanel.testsupport.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConsoleShellBrowserTest {

    @Test
    void aliceLogsInThroughKeycloakAndSeesHerName() {
        try (Browser browser = Browser.onTestApp()) {
            browser.login("alice", "/");
            assertThat(browser.find(By.id("who-name")).getText()).isEqualTo("Alice Archer");
            assertThat(browser.find(By.id("who-name")).getAttribute("title")).contains("alice").contains("interviewer");
            assertThat(browser.driver().getTitle()).contains("Interview Panel");
            browser.screenshot("home-alice");
            browser.audit();

            browser.driver().findElement(By.linkText("Sign out")).click();
            browser.waitFor(d -> d.getCurrentUrl().contains("/signed-out"));
            browser.open("/");
            // Signed out: the console sends the browser back to the Keycloak login page.
            assertThat(browser.find(By.id("username")).isDisplayed()).isTrue();
        }
    }
}
