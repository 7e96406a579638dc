package dev.localai.router.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.browser.Chromium;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

/**
 * The web console in real headless Chromium (Selenium), against the packaged router (its own JVM, so it
 * can be restarted) with an admin key, on embedded PostgreSQL, in front of the shipped home-lab routing
 * with stand-ins: the 3070 and the cloud are fake OpenAI upstreams, the gaming PC a stand-in of its
 * manager's API. The tests run in order, as one person's visit. Screenshots go to
 * {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    static final String ADMIN = "admin-key-for-the-console-test";
    static final String PC_TOKEN = "gaming-pc-token-for-the-console-test";
    static final String ANSWER = "Tiny answer with **bold** and `code` <script>window.__pwned = 1</script>";
    static final String PROMPT = "Hello <script>window.__pwned = 2</script><img src=x onerror=\"window.__pwned=3\">"
            + " what is **2+2**?";
    static final Path WORK = Path.of("target", "console-it");
    static final Path SHOTS = Path.of("target", "console-screenshots");
    static final ObjectMapper JSON = new ObjectMapper();

    static EmbeddedPostgres postgres;
    static FakeUpstream small;
    static FakeUpstream cloud;
    static GamingPcStandIn pc;
    static Process router;
    static int port;
    static Chromium browser;
    static String conversationId;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Chromium.requireOrSkip();
        postgres = EmbeddedPostgres.builder().start();
        small = FakeUpstream.start().models("qwen2.5-7b-instruct", "qwen2.5-coder-7b-instruct", "llama3.1-8b-instruct")
                .answer(ANSWER);
        cloud = FakeUpstream.start().models("glm-4.7", "claude-sonnet-4.5", "openai/gpt-4o-mini",
                "anthropic/claude-sonnet-4.5").answer("cloud answers");
        pc = new GamingPcStandIn(PC_TOKEN);
        Files.createDirectories(WORK);
        port = freePort();
        startRouter("router-1.log");
        browser = new Chromium(WORK, 1280, 900);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        stopRouter();
        for (AutoCloseable c : new AutoCloseable[]{small, cloud, pc, postgres}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    @Order(1)
    void withAnAdminKeyTheConsoleRefusesWithoutALogin() throws Exception {
        assertEquals(401, get("/api/console/overview", null).statusCode());
        assertEquals(401, get("/console/api/chats", null).statusCode());
        assertEquals(401, get("/api/logs", null).statusCode());
        HttpResponse<String> session = get("/console/api/session", null);
        assertTrue(session.body().contains("\"login_required\":true"), session.body());

        browser.open(url("/"));
        browser.visible(By.id("login-form"));
        assertTrue(browser.driver().findElements(By.id("nav-overview")).isEmpty(), "no pages before the login");
        browser.screenshot(SHOTS, "login");
        browser.visible(By.id("login-key")).sendKeys("not-the-key");
        browser.visible(By.id("login-button")).click();
        assertTrue(browser.visible(By.id("login-error")).getText().contains("not the admin key"));
    }

    @Test
    @Order(2)
    void afterTheLoginTheOverviewShowsABackendGoingDownAndUp() {
        browser.visible(By.id("login-key")).clear();
        browser.visible(By.id("login-key")).sendKeys(ADMIN);
        browser.visible(By.id("login-button")).click();
        browser.visible(By.id("page-overview"));
        Cookie cookie = browser.driver().manage().getCookieNamed("lar_console");
        assertNotNull(cookie);
        assertTrue(cookie.isHttpOnly(), "the session cookie is HttpOnly");
        assertEquals("Strict", cookie.getSameSite());
        assertFalse(String.valueOf(browser.eval("document.cookie")).contains("lar_console"), "scripts cannot read it");
        assertFalse(browser.driver().getPageSource().contains(ADMIN), "the page never holds the admin key");

        By gpu3070 = By.cssSelector("#backends tr[data-backend='gpu-3070']");
        browser.until(d -> "up".equals(d.findElement(gpu3070).getAttribute("data-state")));
        browser.visible(By.cssSelector("#backends tr[data-backend='gaming-pc'][data-state='up']"));
        browser.visible(By.cssSelector("table.models tr[data-model='qwen2.5-32b-instruct']"));
        browser.fullPage(SHOTS, "overview");

        small.behave(Behaviour.refuse());
        try {
            browser.until(d -> "down".equals(d.findElement(gpu3070).getAttribute("data-state")));
        } finally {
            small.behave(Behaviour.normal());
        }
        browser.until(d -> "up".equals(d.findElement(gpu3070).getAttribute("data-state")));
    }

    @Test
    @Order(3)
    void aRequestSentFromOutsideAppearsInTheLiveTableWithinTwoSeconds() throws Exception {
        browser.visible(By.id("nav-requests")).click();
        browser.visible(By.id("request-log"));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"ping "
                            + i + " #code\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sent.statusCode(), sent.body());
            String id = sent.headers().firstValue("X-Request-Id").orElseThrow();
            long answered = System.nanoTime();
            browser.until(d -> !d.findElements(By.cssSelector("#request-log tr[data-id='" + id + "']")).isEmpty(),
                    Duration.ofSeconds(2));
            System.out.printf("console: request %d in the live table %d ms after its answer%n", i,
                    (System.nanoTime() - answered) / 1_000_000);
            if (i == 2) {
                browser.fullPage(SHOTS, "requests");
                browser.visible(By.cssSelector("#request-log tr[data-id='" + id + "'] a")).click();
            }
        }
        assertTrue(browser.visible(By.id("route-reason")).getText().contains("gpu-3070"));
        browser.visible(By.id("explain")).click();
        WebElement explanation = browser.visible(By.id("explanation"));
        assertTrue(explanation.getText().contains("Rules tried"), explanation.getText());
        assertTrue(browser.visible(By.id("request-fields")).getText().contains("task_type"));
        browser.fullPage(SHOTS, "request");
    }

    @Test
    @Order(4)
    void aChatStreamsGetsATitleAndShowsScriptAsText() {
        browser.visible(By.id("nav-chat")).click();
        browser.visible(By.id("prompt")).sendKeys(PROMPT);
        browser.visible(By.id("send")).click();
        WebElement answer = browser.visible(By.cssSelector("#messages .message.assistant[data-seq='1']"));
        assertTrue(answer.findElement(By.cssSelector(".meta .served")).getText().startsWith("gpu-3070/"));
        assertEquals("bold", answer.findElement(By.cssSelector(".md strong")).getText(), "Markdown is rendered");
        assertTrue(answer.getText().contains("<script>window.__pwned = 1</script>"), "the answer's HTML is text");
        String user = browser.visible(By.cssSelector("#messages .message.user[data-seq='0'] .text")).getText();
        assertEquals(PROMPT, user, "the prompt is shown as it was typed");
        browser.until(textToBe(By.cssSelector("#messages .message.assistant[data-seq='1'] .meta .cost"), "$0"));
        assertFalse(answer.findElements(By.cssSelector(".meta .tokens")).isEmpty(), "tokens are shown");

        browser.until(d -> d.findElement(By.id("chat-title")).getText().startsWith("Tiny answer with"));
        conversationId = browser.driver().getCurrentUrl().replaceAll(".*#/chat/", "");
        browser.visible(By.cssSelector("#chat-list li[data-id='" + conversationId + "']"));
        assertNull(browser.eval("window.__pwned"), "no script from a prompt or an answer ran");
        assertEquals(0L, browser.eval("document.querySelectorAll('#messages script, #messages img').length"));
        browser.screenshot(SHOTS, "chat");
    }

    @Test
    @Order(5)
    void editAndResendReplacesTheQuestionAndItsAnswer() {
        browser.visible(By.cssSelector("#messages .message.user[data-seq='0'] .edit")).click();
        WebElement edit = browser.visible(By.cssSelector("#messages .message.user.editing textarea"));
        edit.clear();
        edit.sendKeys("What is 3+3?");
        browser.visible(By.cssSelector("#messages .message.user.editing button[type='submit']")).click();
        browser.until(textToBe(By.cssSelector("#messages .message.user[data-seq='0'] .text"), "What is 3+3?"));
        browser.visible(By.cssSelector("#messages .message.assistant[data-seq='1'] .meta .served"));
        browser.until(d -> d.findElements(By.cssSelector("#messages .message")).size() == 2);
        browser.visible(By.cssSelector("#messages .message.assistant[data-seq='1'] .regenerate")).click();
        browser.until(d -> d.findElements(By.cssSelector("#messages .message.assistant .regenerate")).size() == 1
                && d.findElements(By.cssSelector("#messages .message")).size() == 2);
    }

    @Test
    @Order(6)
    void stopEndsTheAnswerWhereItIsAndForceLocalTagsTheRequestPrivate() throws Exception {
        browser.visible(By.id("force-local")).click();
        browser.until(d -> d.findElement(By.id("force-local")).isSelected());
        small.behave(Behaviour.trickle(Duration.ofMillis(150)));
        int cancelled = small.cancelledCount();
        try {
            browser.visible(By.id("prompt")).sendKeys("Tell me a long story");
            browser.visible(By.id("send")).click();
            browser.until(d -> !d.findElement(By.cssSelector("#messages .message.streaming .md")).getText().isEmpty());
            browser.visible(By.id("stop")).click();
            WebElement stopped = browser.visible(By.cssSelector("#messages .message.assistant[data-seq='3']"));
            browser.until(d -> stopped.findElement(By.cssSelector(".meta")).getText().contains("stopped"));
            assertTrue(small.awaitCancelled(cancelled + 1, Duration.ofSeconds(5)), "the backend's request was cancelled");
        } finally {
            small.behave(Behaviour.normal());
        }
        browser.visible(By.id("send"));
        HttpClient admin = loggedIn(ADMIN);
        String kept = JSON.readTree(send(admin, "GET", "/console/api/chats/" + conversationId, null, null).body())
                .path("messages").path(3).path("content").asText();
        assertFalse(kept.isEmpty(), "what had come is kept");
        assertTrue(ANSWER.startsWith(kept) && kept.length() < ANSWER.length(), "and no more: " + kept);
        String request = browser.visible(By.cssSelector("#messages .message.assistant[data-seq='3'] .meta a"))
                .getAttribute("href").replaceAll(".*#/requests/", "");
        JsonNode row = awaitLogged(request);
        assertTrue(row.path("tags").toString().contains("private"), row.toString());
    }

    static JsonNode awaitLogged(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<String> r = get("/api/logs/" + id, ADMIN);
            if (r.statusCode() == 200 || System.nanoTime() > deadline) {
                assertEquals(200, r.statusCode(), r.body());
                return JSON.readTree(r.body());
            }
            Thread.sleep(100);
        }
    }

    @Test
    @Order(7)
    void theChatSurvivesARouterRestartAndIsGoneAfterDelete() throws Exception {
        stopRouter();
        startRouter("router-2.log");
        browser.driver().navigate().refresh();
        browser.visible(By.cssSelector("#messages .message.assistant[data-seq='1']"));
        assertTrue(browser.visible(By.id("chat-title")).getText().startsWith("Tiny answer with"), "still logged in, chat kept");
        assertEquals("What is 3+3?", browser.visible(By.cssSelector("#messages .message.user[data-seq='0'] .text")).getText());
        assertTrue(browser.visible(By.id("force-local")).isSelected(), "the conversation keeps its settings");
        assertEquals(4, browser.driver().findElements(By.cssSelector("#messages .message")).size());

        browser.visible(By.id("delete-chat")).click();
        acceptConfirm();
        browser.until(d -> d.findElements(By.cssSelector("#chat-list li[data-id='" + conversationId + "']")).isEmpty());
        assertEquals("New chat", browser.visible(By.id("chat-title")).getText());
        HttpClient admin = loggedIn(ADMIN);
        assertEquals(404, send(admin, "GET", "/console/api/chats/" + conversationId, null, null).statusCode());
    }

    @Test
    @Order(8)
    void theGamingModeSwitchChangesTheGamingPcsStatus() throws Exception {
        browser.visible(By.id("nav-overview")).click();
        browser.until(textToBe(By.id("gaming-mode"), "off"));
        browser.visible(By.id("gaming-toggle")).click();
        browser.until(textToBe(By.id("gaming-mode"), "on"));
        assertTrue(JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(pc.baseUrl() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("gaming_mode").asBoolean(), "the PC's own status");
        browser.screenshot(SHOTS, "overview-gaming-mode");
        browser.visible(By.id("gaming-toggle")).click();
        browser.until(textToBe(By.id("gaming-mode"), "off"));
        assertFalse(pc.gamingMode());
    }

    @Test
    @Order(9)
    void keysAreCreatedShownOnceAndEachPersonsChatsAreTheirOwn() throws Exception {
        browser.visible(By.id("nav-keys")).click();
        WebElement form = browser.visible(By.id("new-key-form"));
        form.findElement(By.name("name")).sendKeys("alice");
        form.findElement(By.name("daily")).sendKeys("0.5");
        browser.visible(By.id("create-key")).click();
        String key = browser.visible(By.id("new-key")).getText();
        assertTrue(key.startsWith("lar-"), key);
        browser.visible(By.cssSelector("#keys tr[data-key='alice'] .revoke"));
        browser.fullPage(SHOTS, "keys");

        HttpClient admin = loggedIn(ADMIN);
        String adminCsrf = csrf(admin);
        HttpResponse<String> mine = send(admin, "POST", "/console/api/chats", adminCsrf, "{\"title\":\"admin's\"}");
        assertEquals(201, mine.statusCode(), mine.body());
        String adminChat = JSON.readTree(mine.body()).path("id").asText();

        HttpClient alice = loggedIn(key);
        String aliceCsrf = csrf(alice);
        assertEquals("[]", JSON.readTree(send(alice, "GET", "/console/api/chats", null, null).body()).path("data")
                .toString(), "alice sees none of the admin's chats");
        assertEquals(404, send(alice, "GET", "/console/api/chats/" + adminChat, null, null).statusCode());
        assertEquals(404, send(alice, "DELETE", "/console/api/chats/" + adminChat, aliceCsrf, null).statusCode());
        assertEquals(401, send(alice, "GET", "/api/console/overview", null, null).statusCode(), "no admin pages");
        assertEquals(403, send(alice, "POST", "/console/api/chats", null, "{}").statusCode(), "no CSRF token");
        assertEquals(403, send(alice, "POST", "/v1/chat/completions", null,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode(), "no CSRF token");
        HttpResponse<String> chat = send(alice, "POST", "/v1/chat/completions", aliceCsrf,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, chat.statusCode(), "alice's login chats as alice's key: " + chat.body());
        String session = send(alice, "GET", "/console/api/session", null, null).body();
        assertFalse(session.contains(key) || session.contains(ADMIN), "no answer holds a key");
        assertEquals(204, send(admin, "DELETE", "/console/api/chats/" + adminChat, adminCsrf, null).statusCode());
    }

    @Test
    @Order(10)
    void theCostsPagePlotsCostAndSavings() throws Exception {
        seedAWeekOfRequests();
        browser.visible(By.id("nav-costs")).click();
        browser.visible(By.id("cost-by-backend"));
        browser.untilTrue("window.Chart.getChart(document.getElementById('cost-by-backend'))"
                + " && window.Chart.getChart(document.getElementById('saved-by-backend'))", Chromium.WAIT);
        browser.visible(By.cssSelector("#budgets .budget-key[data-key='alice']"));
        browser.fullPage(SHOTS, "costs");
        browser.visible(By.cssSelector("#simulate button[type='submit']")).click();
        browser.visible(By.id("simulation"));
    }

    @Test
    @Order(11)
    void anEvalRunFromACsvFileShowsItsTablePlotAndReportAndALongOneCanBeCancelledAndDeleted() throws Exception {
        browser.visible(By.id("nav-evals")).click();
        WebElement form = browser.visible(By.id("new-eval"));
        Path csv = Files.writeString(WORK.resolve("evals.csv"), "prompt,check\n"
                + "Who answers in the cloud?,contains:cloud\n"
                + "And what does it give?,contains:answers\n"
                + "A line with a bad check,foo:bar\n").toAbsolutePath();
        browser.visible(By.id("eval-csv")).sendKeys(csv.toString());
        form.findElement(By.name("name")).sendKeys("console eval");
        form.findElement(By.cssSelector("input[name='policy'][value='current']")).click();
        form.findElement(By.name("thresholds")).sendKeys("0.5");
        form.findElement(By.name("judge")).sendKeys("small");
        form.findElement(By.cssSelector("input[name='stream']")).click();          // whole answers this time
        browser.visible(By.id("start-eval")).click();

        WebElement run = browser.until(d -> d.findElements(By.cssSelector("#eval-run[data-status='done']")).stream()
                .findFirst().orElse(null), Duration.ofSeconds(60));
        String id = run.getAttribute("data-id");
        assertTrue(browser.driver().getCurrentUrl().endsWith("#/evals/" + id));
        JsonNode settings = JSON.readTree(get("/api/evals/" + id, ADMIN).body()).path("settings");
        assertFalse(settings.path("stream").asBoolean(true), "the form's stream box: " + settings);
        assertEquals("small", settings.path("judge").asText());
        assertTrue(browser.visible(By.id("eval-run")).getText().contains("whole answers"), "the run says how it asked");
        assertEquals("line 4: ", browser.visible(By.cssSelector("#csv-errors li[data-line='4']")).getText()
                .substring(0, 8), "the bad line, by its number");
        List<String> policies = browser.driver().findElements(By.cssSelector("#eval-policies tbody tr")).stream()
                .map(r -> r.getAttribute("data-policy")).toList();
        assertEquals(List.of("local", "cloud", "cascade@0.5"), policies);
        assertTrue(browser.visible(By.cssSelector("#eval-policies tr[data-policy='local'] td:nth-child(2)")).getText()
                .startsWith("0% (0/2)"), "the 3070 never says cloud answers");
        assertTrue(browser.visible(By.cssSelector("#eval-policies tr[data-policy='cloud'] td:nth-child(2)")).getText()
                .startsWith("100% (2/2)"));
        assertTrue(browser.visible(By.id("eval-recommendation")).getText().matches("(Recommended|No threshold recommended).*"));
        browser.untilTrue("window.Chart.getChart(document.getElementById('eval-plot'))"
                + " && window.Chart.getChart(document.getElementById('eval-plot')).data.datasets.length === 3", Chromium.WAIT);
        String report = browser.visible(By.id("eval-report")).getAttribute("href");
        HttpResponse<String> html = send(loggedIn(ADMIN), "GET", URI.create(report).getPath(), null, null);
        assertEquals(200, html.statusCode(), html.body());
        assertTrue(html.body().contains("<html"), html.body());

        browser.visible(By.cssSelector("#eval-results summary")).click();
        String answers = browser.visible(By.cssSelector("#eval-results table")).getText();
        assertTrue(answers.contains("<script>window.__pwned = 1</script>"), "an answer's HTML is text: " + answers);
        assertNull(browser.eval("window.__pwned"), "no script from an answer ran");
        String request = browser.visible(By.cssSelector("#eval-results a.request")).getAttribute("href")
                .replaceAll(".*#/requests/", "");
        assertEquals(200, get("/api/logs/" + request, ADMIN).statusCode(), "an answer links to its request in the log");
        browser.fullPage(SHOTS, "eval-run");

        browser.visible(By.cssSelector("main a[href='#/evals']")).click();
        browser.visible(By.cssSelector("#evals tr[data-id='" + id + "'][data-status='done']"));

        small.behave(Behaviour.hang());
        int cancelled = small.cancelledCount();
        try {
            WebElement again = browser.visible(By.id("new-eval"));
            browser.visible(By.id("eval-csv")).sendKeys(csv.toString());
            for (String p : List.of("cloud", "current", "cascade")) {
                again.findElement(By.cssSelector("input[name='policy'][value='" + p + "']")).click();
            }
            again.findElement(By.name("timeout")).sendKeys("300");
            browser.visible(By.id("start-eval")).click();
            browser.visible(By.cssSelector("#eval-run[data-status='running'] #cancel-eval")).click();
            browser.visible(By.cssSelector("#eval-run[data-status='cancelled']"));
            assertTrue(small.awaitCancelled(cancelled + 1, Duration.ofSeconds(5)), "the calls in flight were cancelled");
            browser.screenshot(SHOTS, "eval-cancelled");
        } finally {
            small.behave(Behaviour.normal());
        }
        String gone = browser.visible(By.id("eval-run")).getAttribute("data-id");
        browser.visible(By.id("delete-eval")).click();
        acceptConfirm();
        browser.visible(By.cssSelector("#evals tr[data-id='" + id + "']"));
        assertTrue(browser.driver().findElements(By.cssSelector("#evals tr[data-id='" + gone + "']")).isEmpty(),
                "the deleted run is gone from the list");
        assertEquals(404, get("/api/evals/" + gone, ADMIN).statusCode());
    }

    @Test
    @Order(12)
    void everyPageFitsAPhone() {
        browser.resize(390, 844);
        try {
            for (String page : List.of("overview", "requests", "costs", "evals", "chat", "keys")) {
                browser.open(url("/#/" + page));
                browser.visible(By.id("page-" + page));
                if (page.equals("chat")) {            // a conversation with a long title and a long unbroken word
                    browser.visible(By.id("prompt")).sendKeys("Explain supercalifragilisticexpialidocious"
                            + "andthensomeevenlongerwordthatdoesnotbreak in the shortest possible way, please, thank you");
                    browser.visible(By.id("send")).click();
                    browser.until(d -> d.findElement(By.id("chat-title")).getText().startsWith("Tiny answer with"));
                    browser.visible(By.cssSelector("#messages .message.assistant[data-seq='1'] .meta .served"));
                    browser.untilTrue("window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2",
                            Chromium.WAIT);                        // the newest answer is in sight
                }
                try {
                    browser.untilTrue("document.documentElement.scrollWidth <= window.innerWidth + 1", Chromium.WAIT);
                } catch (org.openqa.selenium.TimeoutException e) {
                    browser.fullPage(SHOTS, page + "-phone-too-wide");
                    throw new AssertionError(page + " is wider than a phone: " + browser.eval("[document.documentElement"
                            + ".scrollWidth, window.innerWidth, [...document.querySelectorAll('body *')].filter(e =>"
                            + " e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName"
                            + " + '.' + e.className + '#' + e.id)]"), e);
                }
                if (page.equals("chat") || page.equals("overview")) {
                    browser.screenshot(SHOTS, page + "-phone");
                }
            }
        } finally {
            browser.resize(1280, 900);
        }
    }

    /** Six earlier days of a household's traffic, straight into the log, so the plots have a week to show. */
    static void seedAWeekOfRequests() throws Exception {
        String[][] traffic = {   // backend, model, key, requests a day, cost and saved per request
            {"gpu-3070", "qwen2.5-7b-instruct", "alice", "40", "0", "0.004"},
            {"gpu-3070", "qwen2.5-coder-7b-instruct", "laptop", "25", "0", "0.006"},
            {"gaming-pc", "qwen2.5-32b-instruct", "laptop", "8", "0", "0.012"},
            {"openrouter", "openai/gpt-4o-mini", "alice", "6", "0.0009", "0.002"},
            {"openrouter", "anthropic/claude-sonnet-4.5", "bot", "3", "0.021", "0"},
        };
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.PreparedStatement s = c.prepareStatement("insert into request_log (id, ts, client_key,"
                     + " requested_model, backend, served_model, route_reason, prompt_tokens, completion_tokens,"
                     + " latency_ms, status, cost_usd, saved_usd) values (?, ?, ?, 'auto', ?, ?, 'seeded history',"
                     + " 800, 300, 900, 200, ?, ?)")) {
            java.time.Instant today = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            for (int day = 1; day <= 6; day++) {
                for (String[] t : traffic) {
                    int n = Integer.parseInt(t[3]) * (3 + (day * 7 + t[0].length()) % 5) / 5;
                    for (int i = 0; i < n; i++) {
                        s.setObject(1, java.util.UUID.randomUUID());
                        s.setTimestamp(2, java.sql.Timestamp.from(today.minus(Duration.ofDays(day))
                                .plus(Duration.ofMinutes(8 * 60 + i * 7L))));
                        s.setString(3, t[2]);
                        s.setString(4, t[0]);
                        s.setString(5, t[1]);
                        s.setBigDecimal(6, new java.math.BigDecimal(t[4]));
                        s.setBigDecimal(7, new java.math.BigDecimal(t[5]));
                        s.addBatch();
                    }
                }
            }
            s.executeBatch();
        }
    }

    // --- the router process and HTTP helpers

    static void startRouter(String log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(WORK.resolve(log).toFile());
        var env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("DB_URL", postgres.getJdbcUrl("postgres", "postgres"));
        env.put("DB_USER", "postgres");
        env.put("DB_PASSWORD", "postgres");
        env.put("ROUTER_ADMIN_KEY", ADMIN);
        env.put("ROUTER_3070_URL", small.baseUrl());
        env.put("GAMING_PC_URL", pc.baseUrl());
        env.put("OPENCODE_URL", cloud.baseUrl());
        env.put("OPENROUTER_URL", cloud.baseUrl());
        env.put("OPENROUTER_API_KEY", "sk-or-console-test");
        env.put("ROUTER_CONSOLE_GAMING_PC_TOKEN", PC_TOKEN);
        env.put("ROUTER_HEALTH_INTERVAL", "200ms");
        env.put("ROUTER_GAMING_PC_POLL_INTERVAL", "200ms");
        env.put("ROUTER_KEYS_REFRESH", "1s");
        router = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!router.isAlive()) {
                throw new AssertionError("the router exited; see " + WORK.resolve(log));
            }
            try {
                if (get("/q/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the router did not get ready; see " + WORK.resolve(log));
    }

    static void stopRouter() throws InterruptedException {
        if (router != null) {
            router.destroy();
            if (!router.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                router.destroyForcibly().waitFor();
            }
            router = null;
        }
    }

    /** Answers the page's confirm() dialog with OK once it is open. */
    private static void acceptConfirm() {
        browser.until(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException notYet) {
                return false;
            }
        });
    }

    static HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTP client logged in to the console with this key (its cookie in the client's cookie jar). */
    static HttpClient loggedIn(String key) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> r = send(client, "POST", "/console/api/login", null, "{\"key\":\"" + key + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return client;
    }

    static String csrf(HttpClient client) throws Exception {
        JsonNode s = JSON.readTree(send(client, "GET", "/console/api/session", null, null).body());
        return s.path("csrf").asText();
    }

    static HttpResponse<String> send(HttpClient client, String method, String path, String csrf, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
