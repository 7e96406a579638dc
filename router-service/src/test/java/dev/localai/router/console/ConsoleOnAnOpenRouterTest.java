package dev.localai.router.console;

import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The console on a fresh home lab (no admin key, no client keys: the router is open): no login, but every
 * change still needs the console's CSRF token; every script and style it loads is served by the router.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = FakeUpstreamResource.class, restrictToAnnotatedClass = true)
class ConsoleOnAnOpenRouterTest {

    @Test
    void servesThePageWithAStrictContentSecurityPolicy() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("/console/app.js"));
    }

    @Test
    void everyScriptAndStyleThePagesLoadIsServedByTheRouter() throws IOException {
        Set<String> assets = new LinkedHashSet<>();
        Pattern local = Pattern.compile("[\"'](/(?:_static|webjars|console)/[^\"'?#]+\\.(?:js|mjs|css))[\"']");
        for (String file : List.of("index.html", "console/app.js", "console/lib.js", "console/markdown.js",
                "console/chat.js", "console/overview.js", "console/requests.js", "console/costs.js", "console/keys.js",
                "console/evals.js")) {
            Matcher m = local.matcher(resource(file));
            while (m.find()) {
                assets.add(m.group(1));
            }
        }
        assertFalse(assets.isEmpty());
        for (String asset : assets) {
            given().get(asset).then().statusCode(200);
        }
        given().get("/_static/lit-html/3.3.1/lit-html.js").then().contentType(containsString("javascript"));
        given().get("/_static/marked/17.0.5/lib/marked.esm.js").then().contentType(containsString("javascript"));
        Pattern remote = Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//");
        assertFalse(remote.matcher(resource("index.html")).find(), "index.html loads nothing from elsewhere");
    }

    @Test
    void anOpenRouterNeedsNoLoginButEveryChangeNeedsTheCsrfToken() {
        String csrf = given().get("/console/api/session").then().statusCode(200)
                .body("login_required", equalTo(false)).body("logged_in", equalTo(true)).body("kind", equalTo("open"))
                .body("csrf", notNullValue()).extract().path("csrf");

        given().contentType(ContentType.JSON).body("{}").post("/console/api/chats").then().statusCode(403)
                .body("error.code", equalTo("csrf_failed"));
        given().contentType(ContentType.JSON).header("X-CSRF-Token", "guessed").body("{}").post("/console/api/chats")
                .then().statusCode(403);
        given().contentType(ContentType.JSON).header("X-CSRF-Token", csrf).body("{}").post("/api/console/stop-all")
                .then().statusCode(404).body("error.message", containsString("no gaming PC"));

        String id = given().contentType(ContentType.JSON).header("X-CSRF-Token", csrf)
                .body("{\"model\":\"fake/fake-model\",\"force_local\":true}").post("/console/api/chats")
                .then().statusCode(201).body("model", equalTo("fake/fake-model")).body("force_local", equalTo(true))
                .extract().path("id");
        given().contentType(ContentType.JSON).header("X-CSRF-Token", csrf)
                .body("{\"role\":\"user\",\"content\":\"<b>hi</b>\"}").post("/console/api/chats/" + id + "/messages")
                .then().statusCode(200).body("messages", hasSize(1)).body("messages[0].content", equalTo("<b>hi</b>"));
        given().contentType(ContentType.JSON).header("X-CSRF-Token", csrf).body("{\"role\":\"system\",\"content\":\"x\"}")
                .post("/console/api/chats/" + id + "/messages").then().statusCode(400).body("error.param", equalTo("role"));
        given().contentType(ContentType.JSON).header("X-CSRF-Token", csrf).body("{\"title\":\"Greetings\"}")
                .patch("/console/api/chats/" + id).then().statusCode(200).body("title", equalTo("Greetings"))
                .body("titled", equalTo(true));
        given().get("/console/api/chats?q=greet").then().statusCode(200).body("data.id", hasItem(id));
        given().get("/console/api/chats?q=nothing-like-it").then().statusCode(200).body("data", hasSize(0));
        given().header("X-CSRF-Token", csrf).delete("/console/api/chats/" + id).then().statusCode(204);
        given().get("/console/api/chats/" + id).then().statusCode(404).body("error.code", equalTo("not_found"));
        given().get("/console/api/chats/not-an-id").then().statusCode(404);
    }

    @Test
    void theModelSelectorOffersAutoTheAliasesAndEveryBackendModel() {
        given().get("/console/api/models").then().statusCode(200).body("aliases[0]", equalTo("auto"))
                .body("aliases", hasItem("local")).body("models", hasItem("fake/fake-model"));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ConsoleOnAnOpenRouterTest.class.getResourceAsStream("/META-INF/resources/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
