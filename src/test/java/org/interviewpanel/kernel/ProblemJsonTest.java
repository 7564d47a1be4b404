package org.interviewpanel.kernel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.interviewpanel.testsupport.Tokens.token;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Every error is problem+json with a stable type and no stack trace, whatever the cause. */
@QuarkusTest
class ProblemJsonTest {

    @Test
    void unknownPathIs404Problem() {
        given().auth().oauth2(token("alice")).when().get("/api/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/not-found"))
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodIs405Problem() {
        given().auth().oauth2(token("alice")).when().delete("/api/me")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/method-not-allowed"));
    }

    @Test
    void wrongMediaTypeIs415Problem() {
        given().auth().oauth2(token("alice")).contentType("text/plain").body("hello")
                .when().post("/api/questions")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/unsupported-media-type"));
    }

    @Test
    void validationIs400WithFieldErrors() {
        given().auth().oauth2(token("alice")).contentType("application/json")
                .body("{\"category\":\"kafka/basics\",\"text\":\"\",\"difficulty\":4,\"tags\":[\"ok\"],\"minutes\":5,"
                        + "\"rubric\":{\"keyPoints\":[\"a\"],\"levels\":{\"1\":\"x\",\"3\":\"y\",\"5\":\"z\"}}}")
                .when().post("/api/questions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/validation"))
                .body("errors.field", hasItem("text"))
                .body("errors.field", hasItem("difficulty"));
    }

    @Test
    void malformedJsonIs400Problem() {
        given().auth().oauth2(token("alice")).contentType("application/json").body("{\"category\": ")
                .when().post("/api/questions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/malformed-json"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void unknownFieldIs400NamingIt() {
        given().auth().oauth2(token("alice")).contentType("application/json").body("{\"surprise\": 1}")
                .when().post("/api/questions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("surprise"));
    }

    @Test
    void oversizedBodyIs413Problem() {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) 'a');
        given().auth().oauth2(token("alice")).contentType("application/json").body(tenMegabytes)
                .when().post("/api/questions")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/payload-too-large"));
    }

    @Test
    void securityHeadersOnEveryResponse() {
        given().when().get("/api/me")
                .then().statusCode(401)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"));
        given().when().get("/questions")
                .then().header("Content-Security-Policy", notNullValue());
    }

    @Test
    void openApiDescribesTheApi() {
        org.interviewpanel.testsupport.Management.given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/me'.get", notNullValue())
                .body("paths.'/api/questions'.post.responses.'201'", notNullValue());
    }
}
