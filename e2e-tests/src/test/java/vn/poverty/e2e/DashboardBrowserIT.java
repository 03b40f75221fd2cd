package vn.poverty.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.poverty.localrun.DemoData;
import vn.poverty.localrun.DemoPlan;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * The dashboard in a real browser: both packaged apps on one database, a small demo data set loaded through the
 * command side, then the system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, never a
 * downloaded browser) drives the query side's pages as a district officer, a commune officer and someone with a
 * wrong password would. Screenshots go to {@code target/screenshots/} at the end of each test and on failure.
 */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int HOUSEHOLDS = 120;
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestDatabase.Database db;
    private static AppProcess commandSide;
    private static AppProcess querySide;

    private WebDriver driver;
    private Path profile;
    private Path downloads;
    private String testName;

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> {
        if (context.getExecutionException().isPresent() && driver != null) {
            screenshot(testName + "-FAILED");
        }
    };

    @BeforeAll
    static void startBothAppsAndLoadTheDemoData() throws Exception {
        requireTheSystemBrowser();
        db = TestDatabase.create();
        querySide =
                AppProcess.start("query-side", db, Map.of("POVERTY_SECURITY_JWT_HMAC_SECRET", TestUsers.HMAC_SECRET));
        commandSide = AppProcess.start(
                "command-side", db, Map.of("POVERTY_QUERY_SIDE_URL", "http://localhost:" + querySide.port));
        // generous: on a busy two-core machine a start can take more than a minute
        commandSide.awaitHealthy(Duration.ofSeconds(300));
        querySide.awaitHealthy(Duration.ofSeconds(300));

        DemoPlan plan = DemoData.plan(DemoPlan.DEFAULT_SEED, HOUSEHOLDS);
        DemoData.Result loaded = new DemoData(
                        commandSide.url(""),
                        new PrintStream(System.out, true, StandardCharsets.UTF_8),
                        DemoData.DEFAULT_PARALLELISM,
                        "admin",
                        TestUsers.PASSWORD)
                .load(plan);
        assertThat(loaded.householdsLoaded()).isEqualTo(HOUSEHOLDS);
        awaitEveryProjectionAtTheHead(Duration.ofSeconds(60));
    }

    /** The browser is the system's; without it the test fails on CI (CI=true) and is skipped elsewhere. */
    private static void requireTheSystemBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String why = "The browser tests need the system's Chromium and its driver (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): install the Debian packages chromium and chromium-driver (.ci/run does)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    @AfterAll
    static void stop() throws Exception {
        if (commandSide != null) {
            commandSide.close();
        }
        if (querySide != null) {
            querySide.close();
        }
    }

    @BeforeEach
    void openTheBrowser(TestInfo test) throws IOException {
        testName = test.getTestMethod().orElseThrow().getName();
        profile = Files.createTempDirectory("chromium-profile-");
        downloads = Files.createTempDirectory("chromium-downloads-");
        // never let Selenium Manager look for (or download) a driver or a browser
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--window-size=1366,1000",
                "--user-data-dir=" + profile);
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false,
                        "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(PAGE_TIMEOUT);
    }

    @AfterEach
    void closeTheBrowser() throws IOException {
        if (driver != null) {
            screenshot(testName);
            driver.quit();
            driver = null;
        }
        deleteTree(profile);
        deleteTree(downloads);
    }

    // ---- the tests

    @Test
    void aDistrictOfficerSeesTheChartsOfTheDemoDataWithThePoorRateFallingTowardsTheTarget() throws Exception {
        signIn("district", TestUsers.PASSWORD);

        for (String chart : List.of("#trend-chart", "#communes-chart", "#coverage-chart", "#loans-chart")) {
            assertThat(drawnShapes(chart)).as(chart + " draws its series").isGreaterThan(3);
        }
        List<String> communes = rowKeys("#commune-table");
        assertThat(communes).hasSize(18).contains("CL01", "CL10", "CL18");
        JsonNode report = api("district", "/api/reports/poverty?asOf=" + pickedDate());
        assertThat(cell("#commune-table", "CL01", 4))
                .as("CL01's poor rate as the API gives it")
                .isEqualTo(vietnamesePercent(communeOf(report, "CL01").get("poorRate")));
        assertThat(text("#kpi-poor-rate"))
                .isEqualTo(vietnamesePercent(report.get("district").get("poorRate")));

        // the trend: one row per 31 December of the five years before and the picked date itself
        List<String> points = rowKeys("#trend-table");
        assertThat(points).hasSize(6);
        BigDecimal first = percentOf(cell("#trend-table", points.get(0), 1));
        BigDecimal last = percentOf(cell("#trend-table", points.get(5), 1));
        assertThat(last).as("the poor rate falls over the years").isLessThan(first);
        assertThat(percentOf(cell("#trend-table", points.get(1), 2)))
                .as("the target line is 1.5 points lower a year later")
                .isEqualByComparingTo(first.subtract(new BigDecimal("1.5")).max(BigDecimal.ZERO));
        assertThat(rowKeys("#targets-table")).isNotEmpty();
        assertThat(rowKeys("#coverage-table")).contains("HEALTH_INSURANCE_FULL", "ELECTRICITY_SUPPORT");
        assertThat(rowKeys("#loans-table")).contains("POOR_HOUSEHOLD", "NEAR_POOR_HOUSEHOLD");
        assertThat(text("#user-info")).contains("district").contains("Cán bộ huyện");

        screenshot("dashboard-desktop");
        driver.manage().window().setSize(new Dimension(375, 812));
        awaitTrue(
                "the charts fit a 375 px screen",
                d -> number("return document.querySelector('#trend-chart svg').getBoundingClientRect().width") <= 375);
        assertThat(number("return document.documentElement.scrollWidth"))
                .as("nothing is wider than a phone's screen")
                .isLessThanOrEqualTo(number("return window.innerWidth"));
        assertThat(drawnShapes("#trend-chart")).isGreaterThan(3);
        screenshot("dashboard-375px");
    }

    @Test
    void changingTheDateRedrawsEveryFigureAsOfThatDateAndKeepsItInTheAddress() throws Exception {
        signIn("district", TestUsers.PASSWORD);
        String before = text("#kpi-poor-rate");
        String communeBefore = cell("#commune-table", "CL01", 4);

        pickDate("2022-06-30");

        awaitTrue("the address carries the date", d -> d.getCurrentUrl().contains("asOf=2022-06-30"));
        JsonNode report = api("district", "/api/reports/poverty?asOf=2022-06-30");
        String expected = vietnamesePercent(report.get("district").get("poorRate"));
        awaitTrue(
                "the poor rate as of 2022-06-30",
                d -> ready() && text("#kpi-poor-rate").equals(expected));
        assertThat(expected).as("the demo's rate was higher in mid-2022").isNotEqualTo(before);
        assertThat(cell("#commune-table", "CL01", 4))
                .isEqualTo(vietnamesePercent(communeOf(report, "CL01").get("poorRate")))
                .isNotEqualTo(communeBefore);
        assertThat(rowKeys("#trend-table")).startsWith("2017-12-31").endsWith("2022-06-30");

        // the address can be shared: opened afresh, it shows the same date
        driver.navigate().refresh();
        awaitReady();
        assertThat(driver.findElement(By.id("as-of")).getAttribute("value")).isEqualTo("2022-06-30");
        assertThat(text("#kpi-poor-rate")).isEqualTo(expected);
    }

    @Test
    void theLanguageSwitchesToEnglishAndBackAndIsRemembered() {
        signIn("district", TestUsers.PASSWORD);
        assertThat(text("#page-title")).isEqualTo("Giảm nghèo bền vững — Bảng điều khiển");
        String rateInVietnamese = text("#kpi-poor-rate");

        driver.findElement(By.id("lang-toggle")).click();

        awaitTrue("English labels", d -> text("#page-title").equals("Sustainable poverty reduction — Dashboard"));
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(headers("#commune-table")).contains("Poor rate", "Near-poor rate");
        assertThat(text("#kpi-poor-rate")).isEqualTo(rateInVietnamese.replace(',', '.'));
        driver.navigate().refresh();
        awaitReady();
        assertThat(text("#page-title")).as("remembered").isEqualTo("Sustainable poverty reduction — Dashboard");

        driver.findElement(By.id("lang-toggle")).click();

        awaitTrue("Vietnamese labels", d -> text("#page-title").equals("Giảm nghèo bền vững — Bảng điều khiển"));
        assertThat(headers("#commune-table")).contains("Tỷ lệ nghèo", "Tỷ lệ cận nghèo");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("vi");
    }

    @Test
    void aCommunePageShowsItsHouseholdsByStatusTheCoverageGapsAndItsLoans() throws Exception {
        signIn("district", TestUsers.PASSWORD);
        String asOf = pickedDate();

        driver.findElement(By.cssSelector("#commune-table tr[data-key='CL01'] a"))
                .click();

        awaitTrue("the commune page", d -> d.getCurrentUrl().contains("commune.html?code=CL01"));
        awaitReady();
        assertThat(driver.getCurrentUrl()).contains("asOf=" + asOf);
        assertThat(text("#commune-name")).startsWith("CL01 — ");
        assertThat(rowKeys("#status-table")).containsExactly("POOR", "NEAR_POOR", "NOT_POOR", "UNCLASSIFIED");
        long registered = api("district", "/api/households?communeCode=CL01&size=1&asOf=" + asOf)
                .get("total")
                .asLong();
        long counted = 0;
        for (String status : List.of("POOR", "NEAR_POOR", "NOT_POOR", "UNCLASSIFIED")) {
            long expected = api(
                            "district", "/api/households?communeCode=CL01&size=1&status=" + status + "&asOf=" + asOf)
                    .get("total")
                    .asLong();
            assertThat(cell("#status-table", status, 1)).as(status).isEqualTo(vietnameseNumber(expected));
            counted += expected;
        }
        assertThat(counted).isEqualTo(registered).isPositive();
        assertThat(drawnShapes("#status-chart")).isPositive();
        assertThat(rowKeys("#household-table")).hasSize((int) Math.min(20, registered));

        JsonNode gaps = api("district", "/api/reports/coverage/gaps?communeCode=CL01&asOf=" + asOf);
        assertThat(rowKeys("#gaps-table"))
                .hasSize(Math.min(20, gaps.get("items").size()));
        assertThat(text("#gaps-total")).contains(gaps.get("total").asLong() == 0 ? "Không có" : "trường hợp");

        JsonNode loans = api("district", "/api/reports/loans?communeCode=CL01&asOf=" + asOf);
        assertThat(rowKeys("#loans-table")).hasSize(loans.get("programs").size());
        for (JsonNode program : loans.get("programs")) {
            assertThat(cell("#loans-table", program.get("programCode").asText(), 1))
                    .isEqualTo(vietnameseNumber(program.get("active").asLong()));
        }
        assertThat(drawnShapes("#loans-chart")).isPositive();

        // only the households of one status
        new Select(driver.findElement(By.id("household-filter"))).selectByValue("NOT_POOR");
        awaitTrue(
                "only NOT_POOR households listed",
                d -> !rowKeys("#household-table").isEmpty()
                        && texts("#household-table tbody tr td:nth-of-type(2)").stream()
                                .allMatch("Không nghèo"::equals));

        screenshot("commune-desktop");
        driver.manage().window().setSize(new Dimension(375, 812));
        awaitTrue(
                "the charts fit a 375 px screen",
                d -> number("return document.querySelector('#status-chart svg').getBoundingClientRect().width") <= 375);
        assertThat(number("return document.documentElement.scrollWidth"))
                .isLessThanOrEqualTo(number("return window.innerWidth"));
        screenshot("commune-375px");
    }

    @Test
    void theQuarterlyReportOfACommuneDownloadsAsACsvThatExcelReadsAsUtf8() throws Exception {
        signIn("district", TestUsers.PASSWORD);
        driver.get(querySide.url("/commune.html?code=CL01&asOf=2024-12-31"));
        awaitReady();

        new Select(driver.findElement(By.id("periodic-kind"))).selectByValue("quarter");
        WebElement year = driver.findElement(By.id("periodic-year"));
        year.clear();
        year.sendKeys("2024");
        new Select(driver.findElement(By.id("periodic-quarter"))).selectByValue("3");
        awaitTrue("the period", d -> text("#periodic-period").equals("2024-Q3"));

        driver.findElement(By.id("periodic-csv")).click();

        Path csv = awaitDownload(".csv");
        byte[] bytes = Files.readAllBytes(csv);
        assertThat(Arrays.copyOf(bytes, 3)).as("UTF-8 byte order mark (Excel)").containsExactly(0xEF, 0xBB, 0xBF);
        String content = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(content).contains("CL01").contains("2024-Q3");
        assertThat(text("#periodic-status")).startsWith("Đã tải");

        // the printable page opens in a new window
        String dashboard = driver.getWindowHandle();
        driver.findElement(By.id("periodic-html")).click();
        awaitTrue("a second window", d -> d.getWindowHandles().size() == 2);
        String printable = driver.getWindowHandles().stream()
                .filter(h -> !h.equals(dashboard))
                .findFirst()
                .orElseThrow();
        driver.switchTo().window(printable);
        awaitTrue(
                "the printable report",
                d -> String.valueOf(script("return document.body ? document.body.innerText : ''"))
                        .contains("CL01"));
        assertThat(driver.getCurrentUrl()).startsWith("blob:");
        driver.close();
        driver.switchTo().window(dashboard);
    }

    @Test
    void aCommuneOfficerSignedInWithATokenSeesOnlyItsCommune() {
        driver.get(querySide.url("/"));
        awaitState("login");
        driver.findElement(By.cssSelector("#login-token-box summary")).click();
        driver.findElement(By.id("login-token"))
                .sendKeys(TestUsers.jwt("officer-cl01", List.of("COMMUNE_OFFICER"), List.of("CL01")));
        driver.findElement(By.id("login-submit")).click();
        awaitReady();

        assertThat(rowKeys("#commune-table")).containsExactly("CL01");
        assertThat(text("#scope-label")).isEqualTo("Các xã của bạn");
        assertThat(text("#user-info")).contains("officer-cl01").contains("CL01");
        assertThat(drawnShapes("#trend-chart")).isGreaterThan(3);

        driver.get(querySide.url("/commune.html?code=CL02"));
        awaitState("error");
        assertThat(text("#error")).contains("CL02");
        assertThat(rowKeys("#status-table")).isEmpty();
    }

    @Test
    void aWrongPasswordShowsAnErrorOnTheLoginForm() {
        driver.get(querySide.url("/"));
        awaitState("login");

        driver.findElement(By.id("login-user")).sendKeys("district");
        driver.findElement(By.id("login-password")).sendKeys("not-the-password");
        driver.findElement(By.id("login-submit")).click();

        awaitTrue(
                "an error on the form", d -> d.findElement(By.id("login-error")).isDisplayed());
        assertThat(text("#login-error")).isEqualTo("Sai tên đăng nhập hoặc mật khẩu (hoặc mã không hợp lệ).");
        assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
        assertThat(script("return sessionStorage.length")).isEqualTo(0L);
    }

    // ---- the browser

    private void signIn(String user, String password) {
        driver.get(querySide.url("/"));
        awaitState("login");
        driver.findElement(By.id("login-user")).sendKeys(user);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        awaitReady();
    }

    /** Sets the date picker as a user would and fires its change event. */
    private void pickDate(String isoDate) {
        ((JavascriptExecutor) driver)
                .executeScript(
                        "const input = document.getElementById('as-of'); input.value = arguments[0];"
                                + " input.dispatchEvent(new Event('change', { bubbles: true }));",
                        isoDate);
    }

    private String pickedDate() {
        return driver.findElement(By.id("as-of")).getAttribute("value");
    }

    private boolean ready() {
        return "ready".equals(script("return document.body.dataset.state"));
    }

    private void awaitReady() {
        awaitState("ready");
    }

    private void awaitState(String state) {
        awaitTrue(
                "page state " + state,
                d -> state.equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.state")));
    }

    private void awaitTrue(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, PAGE_TIMEOUT)
                .withMessage(() -> what + "; page state " + script("return document.body.dataset.state") + ", error: "
                        + script("return document.getElementById('error')?.textContent"))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    private Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    private double number(String js) {
        return ((Number) script(js)).doubleValue();
    }

    /** The lines, bars and slices a chart drew (ECharts' SVG renderer: one path per shape). */
    private long drawnShapes(String chart) {
        return ((Number) script("return document.querySelectorAll('" + chart + " svg path').length")).longValue();
    }

    private String text(String selector) {
        Object value = script("return document.querySelector('" + selector + "').textContent");
        return value == null ? "" : value.toString().strip();
    }

    private List<String> texts(String selector) {
        return driver.findElements(By.cssSelector(selector)).stream()
                .map(e -> e.getAttribute("textContent").strip())
                .toList();
    }

    private List<String> rowKeys(String table) {
        return driver.findElements(By.cssSelector(table + " tbody tr")).stream()
                .map(r -> r.getAttribute("data-key"))
                .toList();
    }

    private List<String> headers(String table) {
        return texts(table + " thead th");
    }

    /** The text of column {@code index} (0 = the first) of the row with data-key {@code key}. */
    private String cell(String table, String key, int index) {
        return driver.findElement(By.cssSelector(table + " tbody tr[data-key='" + key + "']"))
                .findElements(By.cssSelector("th, td"))
                .get(index)
                .getAttribute("textContent")
                .strip();
    }

    private Path awaitDownload(String suffix) throws Exception {
        long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                Optional<Path> done =
                        files.filter(f -> f.toString().endsWith(suffix)).findFirst();
                if (done.isPresent()) {
                    return done.get();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No " + suffix + " file was downloaded within " + PAGE_TIMEOUT + "; the page says: "
                + text("#periodic-status"));
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve("DashboardBrowserIT-" + name + ".png"), png);
        } catch (Exception e) {
            System.err.println("No screenshot " + name + ": " + e);
        }
    }

    // ---- the API, to compare the page with

    private static JsonNode api(String user, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(querySide.url(path)))
                        .header("Authorization", TestUsers.basic(user))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Waits until every projection has handled every event of the store (the demo load wrote them all). */
    private static void awaitEveryProjectionAtTheHead(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = api("admin", "/api/admin/projections");
            boolean caughtUp = last.get("projections").size() > 0;
            for (JsonNode projection : last.get("projections")) {
                caughtUp &= !projection.get("replaying").asBoolean()
                        && projection.get("position").asLong()
                                >= projection.get("head").asLong();
            }
            if (caughtUp && api("admin", "/api/households?size=1").get("total").asLong() == HOUSEHOLDS) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The query side did not catch up with the demo data in " + timeout + ": " + last);
    }

    private static JsonNode communeOf(JsonNode report, String code) {
        for (JsonNode commune : report.get("communes")) {
            if (commune.get("communeCode").asText().equals(code)) {
                return commune;
            }
        }
        throw new AssertionError("No commune " + code + " in " + report);
    }

    /** 2.5 → "2,50 %" (the dashboard's Vietnamese format). */
    private static String vietnamesePercent(JsonNode rate) {
        return rate.decimalValue().setScale(2).toPlainString().replace('.', ',') + " %";
    }

    /** 1234 → "1.234". */
    private static String vietnameseNumber(long n) {
        return String.format(java.util.Locale.GERMANY, "%,d", n);
    }

    private static BigDecimal percentOf(String text) {
        return new BigDecimal(text.replace(" %", "").replace(".", "").replace(',', '.'));
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
