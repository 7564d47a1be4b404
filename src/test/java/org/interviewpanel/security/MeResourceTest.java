package org.interviewpanel.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.interviewpanel.testsupport.Tokens.token;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MeResourceTest {

    @Test
    void aliceIsAnInterviewer() {
        given().auth().oauth2(token("alice"))
                .when().get("/api/me")
                .then().statusCode(200)
                .body("username", equalTo("alice"))
                .body("displayName", equalTo("Alice Archer"))
                .body("roles", containsInAnyOrder("interviewer"));
    }

    @Test
    void hanaIsAHiringManager() {
        given().auth().oauth2(token("hana"))
                .when().get("/api/me")
                .then().statusCode(200)
                .body("roles", containsInAnyOrder("hiring-manager"));
    }

    @Test
    void noTokenIs401Problem() {
        given().when().get("/api/me")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://interview-panel.org/problems/unauthenticated"))
                .body("status", equalTo(401));
    }

    @Test
    void garbageTokenIs401Problem() {
        given().auth().oauth2("not.a.token")
                .when().get("/api/me")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void tokenForAnotherAudienceIs401() {
        given().auth().oauth2(token("alice", "demo-other-app"))
                .when().get("/api/me")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void tokenLackingTheRoleIs403Problem() {
        // An admin-only endpoint called by an interviewer.
        given().auth().oauth2(token("alice"))
                .contentType("application/json")
                .when().post("/api/admin/questions/import")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/forbidden"))
                .body("detail", containsString("roles"));
    }
}
