package dev.localai.gamingpc;

import io.restassured.response.Response;

import static io.restassured.RestAssured.given;

/** Calls every test of this module makes; the test profile's control token is {@value #TOKEN}. */
public final class Api {

    public static final String TOKEN = "test-token";

    private Api() {
    }

    public static String chat(String model, int maxTokens, String extra) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    public static Response post(String path, String body) {
        return given().contentType("application/json").body(body).post(path);
    }

    public static Response control(String path, String body) {
        return given().auth().oauth2(TOKEN).contentType("application/json").body(body).post(path);
    }

    public static void gamingMode(boolean on) {
        control("/gaming-mode", "{\"enabled\":" + on + "}").then().statusCode(200);
    }

    public static String state(String model) {
        return given().get("/status").then().statusCode(200).extract()
                .path("models.find { it.name == '" + model + "' }.state");
    }
}
