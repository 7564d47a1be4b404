package org.interviewpanel.app;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.interviewpanel.testsupport.Management;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {

    @Test
    void readinessFollowsTheDatabaseAndKeycloakWhileTheEventsGroupFollowsTheBroker() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Keycloak realm", "Database connections health check"))
                .body("checks.name", not(hasItem("Kafka broker")));
        Management.given().when().get("/q/health/group/events")
                .then().statusCode(200)
                .body("checks.name", hasItems("Kafka broker", "Event outbox"));

        Stack.stopKafka();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> Management.given()
                    .when().get("/q/health/group/events")
                    .then().statusCode(503)
                    .body("checks.find { it.name == 'Kafka broker' }.status", equalTo("DOWN")));
            // The instance keeps serving: the outbox holds what is written until the broker is back.
            Management.given().when().get("/q/health/ready").then().statusCode(200);
        } finally {
            Stack.startKafka();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> Management.given()
                .when().get("/q/health/group/events")
                .then().statusCode(200));
    }

    @Test
    void metricsAreExposed() {
        given().auth().oauth2(org.interviewpanel.testsupport.Tokens.token("alice")).when().get("/api/me")
                .then().statusCode(200);
        Management.given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("http_server_requests_seconds_count{"))
                .body(org.hamcrest.Matchers.containsString("uri=\"/api/me\""));
    }

    @Test
    void managementEndpointsAreNotOnThePublicPort() {
        for (String path : new String[] { "/q/metrics", "/q/health", "/q/health/live", "/q/health/group/events",
                "/q/openapi", "/q/swagger-ui/" }) {
            given().when().get(path).then().statusCode(404);
        }
        // The public port answers readiness with the status alone, for load balancers and people.
        String ready = given().when().get("/q/health/ready").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(ready).isEqualTo("{\"status\":\"UP\"}");
        // Probes get the status only: no broker addresses or Keycloak URL in the answer.
        String health = Management.given().when().get("/q/health").then().extract().asString();
        org.assertj.core.api.Assertions.assertThat(health).doesNotContain("bootstrap").doesNotContain("localhost")
                .doesNotContain("127.0.0.1");
    }
}
