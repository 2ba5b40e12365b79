package dev.consentgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The banner in a real browser: Debian's headless Chromium driven by Selenium against the demo on loopback. One
 * browser and one demo serve the whole class; each test starts as a first-time visitor with an empty cookie jar.
 * Without Chromium the tests are skipped, except under {@code CI=true}, where they fail. Screenshots of the banner
 * go to {@code target/banner-screenshots/}.
 */
class BannerBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Set<String> TRACKING = Set.of("_ga", "_gid", "_fbp", "IDE", "_ga_DEMO", "_gcl_au");
    private static final Path SCREENSHOTS = Path.of("target", "banner-screenshots");

    @TempDir
    static Path dataDir;

    private static DemoServer demo;
    private static WebDriver driver;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "Chromium and its driver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing);
        }
        demo = DemoServer.start(new DemoOptions(0, dataDir, Optional.empty(), true), Map.of());
        // localhost, not 127.0.0.1: the host the cookies are set for, as a visitor's browser would see it.
        base = demo.uri().toString();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,860", "--lang=en-GB",
                "--user-data-dir=" + Files.createTempDirectory(dataDir, "chrome-profile"));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-GB,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    @BeforeEach
    void firstTimeVisitor() {
        // The consent endpoint's JSON sets no cookie: a page on the demo's origin to clear the jar from.
        driver.get(base + "consent");
        driver.manage().deleteAllCookies();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(5), Duration.ofMillis(25)).until(condition);
    }

    /** Loads a page and waits until the banner has its data and has activated what is granted. */
    private static void load(String path) {
        driver.get(base + path);
        awaitBannerReady();
    }

    private static void awaitBannerReady() {
        waitFor(d -> Boolean.TRUE.equals(js("return document.readyState === 'complete'"
                + " && !!window.consentgateBanner && window.consentgateBanner.ready === true")));
    }

    /** Does {@code choice}, then waits for the reload the banner does when it adds CSP hosts or removes a category. */
    private static void reloadingAfter(Runnable choice) {
        js("window.beforeReload = true;");
        choice.run();
        waitFor(d -> Boolean.TRUE.equals(js("return window.beforeReload === undefined"
                + " && document.readyState === 'complete'")));
        awaitBannerReady();
        assertThat(js("return performance.getEntriesByType('navigation')[0].type")).isEqualTo("reload");
    }

    private static WebElement dialog() {
        return driver.findElement(By.cssSelector("#consentgate-banner .cg-dialog"));
    }

    private static boolean bannerShown() {
        List<WebElement> roots = driver.findElements(By.id("consentgate-banner"));
        return !roots.isEmpty() && roots.get(0).isDisplayed();
    }

    private static WebElement button(String label) {
        return driver.findElement(By.xpath("//div[@id='consentgate-banner']//button[normalize-space()='" + label
                + "']"));
    }

    private static WebElement toggle(String category) {
        return driver.findElement(By.id("cg-toggle-" + category));
    }

    private static Set<String> cookieNames() {
        return driver.manage().getCookies().stream().map(Cookie::getName).collect(Collectors.toSet());
    }

    private static Object tags() {
        return js("return window.lumenTags === undefined ? null : JSON.stringify(window.lumenTags)");
    }

    private static void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static WebElement focused() {
        return driver.switchTo().activeElement();
    }

    private static void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses Tab (or Shift+Tab) until {@code label} has focus, checking that focus never leaves the dialog. */
    private static void tabTo(String label, boolean backwards) {
        for (int i = 0; i < 12; i++) {
            if (backwards) {
                new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            } else {
                press(Keys.TAB);
            }
            assertThat(js("return document.getElementById('consentgate-banner').contains(document.activeElement)"))
                    .as("focus stays in the dialog").isEqualTo(true);
            if (label.equals(focused().getText().strip()) || label.equals(focused().getAttribute("id"))) {
                return;
            }
        }
        throw new AssertionError("never reached " + label + " with Tab");
    }

    /** Grants analytics through Customise, as a visitor would; the choice adds CSP hosts, so the page reloads. */
    private static void acceptAnalyticsOnly() {
        load("");
        button("Customise").click();
        toggle("analytics").click();
        reloadingAfter(() -> button("Save choices").click());
        waitFor(d -> cookieNames().contains("_ga_DEMO"));
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    void firstVisit_bannerAppearsWithEqualWeightChoices() throws Exception {
        load("");

        assertThat(bannerShown()).isTrue();
        WebElement dialog = dialog();
        assertThat(dialog.getAttribute("role")).isEqualTo("dialog");
        assertThat(dialog.getAttribute("aria-modal")).isEqualTo("true");
        assertThat(driver.findElement(By.id(dialog.getAttribute("aria-labelledby"))).getText())
                .isEqualTo("Cookies on this site");
        WebElement accept = button("Accept all");
        WebElement reject = button("Reject all");
        WebElement customise = button("Customise");
        for (WebElement b : List.of(accept, reject, customise)) {
            assertThat(b.getTagName()).isEqualTo("button");
            assertThat(b.isDisplayed()).isTrue();
        }
        for (String property : List.of("background-color", "color", "font-size", "font-weight", "border")) {
            assertThat(reject.getCssValue(property)).as(property).isEqualTo(accept.getCssValue(property));
        }
        assertThat(reject.getSize()).isEqualTo(accept.getSize());
        assertThat(focused()).isEqualTo(dialog);
        assertThat(js("return document.querySelector('main').inert")).isEqualTo(true);
        screenshot("banner-first-layer.png");

        customise.click();

        assertThat(customise.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(toggle("necessary").isSelected()).isTrue();
        assertThat(toggle("necessary").isEnabled()).isFalse();
        assertThat(toggle("analytics").isSelected()).isFalse();
        assertThat(toggle("analytics").getAttribute("role")).isEqualTo("switch");
        assertThat(button("Save choices").isDisplayed()).isTrue();
        screenshot("banner-customise.png");
    }

    @Test
    void rejectAll_noTrackingCookieAfterSeveralPagesAndNoGatedScriptRan() {
        load("");
        button("Reject all").click();
        waitFor(d -> !bannerShown());

        for (String path : List.of("", "privacy", "", "privacy", "")) {
            load(path);

            assertThat(bannerShown()).as("banner on /%s", path).isFalse();
            assertThat(cookieNames()).as("cookies on /%s", path).contains("consentgate").doesNotContainAnyElementsOf(
                    TRACKING).doesNotContain("lang");
            assertThat(tags()).as("tags on /%s", path).isNull();
        }
        assertThat(driver.findElements(By.cssSelector("script[type='text/plain'][data-category]"))).hasSize(4);
        assertThat(driver.findElement(By.cssSelector("img[data-category='advertising']")).getAttribute("src"))
                .isNullOrEmpty();
    }

    @Test
    void customiseAnalytics_analyticsRanAdvertisingStayedOut() {
        acceptAnalyticsOnly();
        js("window.testMarker = 1;");

        assertThat(cookieNames()).contains("_ga", "_gid", "_ga_DEMO").doesNotContain("_fbp", "IDE", "_gcl_au", "lang");
        assertThat(tags()).isEqualTo("{\"analytics\":true,\"analyticsInline\":true}");
        assertThat(bannerShown()).isFalse();
        // Reloaded once, not again.
        waitFor(d -> Boolean.TRUE.equals(js("return window.testMarker === 1")));

        load("privacy");

        assertThat(driver.findElement(By.cssSelector("tr[data-category='analytics'] .choice")).getText())
                .isEqualTo("Allowed");
        assertThat(driver.findElement(By.cssSelector("tr[data-category='advertising'] .choice")).getText())
                .isEqualTo("Not allowed");
    }

    @Test
    void preferencesOnly_addsNoCspHost_tagRunsWithoutReload() {
        load("");
        js("window.testMarker = 1;");

        button("Customise").click();
        toggle("preferences").click();
        button("Save choices").click();
        waitFor(d -> !bannerShown());

        waitFor(d -> Boolean.TRUE.equals(js("return !!window.lumenTags && window.lumenTags.preferences === true")));
        assertThat(js("return window.testMarker")).isEqualTo(1L);
        assertThat(tags()).isEqualTo("{\"preferences\":true}");
    }

    @Test
    void withdrawViaCookieSettings_analyticsCookiesGone() {
        acceptAnalyticsOnly();

        driver.findElement(By.cssSelector("footer [data-consentgate-settings]")).click();
        waitFor(d -> bannerShown());
        assertThat(toggle("analytics").isSelected()).isTrue();
        reloadingAfter(() -> button("Reject all").click());

        assertThat(cookieNames()).doesNotContainAnyElementsOf(TRACKING);
        assertThat(tags()).isNull();
        load("");
        assertThat(cookieNames()).doesNotContainAnyElementsOf(TRACKING);
        assertThat(bannerShown()).isFalse();
    }

    @Test
    void keyboardOnly_choiceAndSettingsWithTabEnterSpaceEscape() {
        load("");
        assertThat(focused()).isEqualTo(dialog());

        tabTo("Customise", false);
        tabTo("Accept all", false);
        tabTo("Customise", true);
        press(Keys.ENTER);
        assertThat(button("Customise").getAttribute("aria-expanded")).isEqualTo("true");
        tabTo("cg-toggle-analytics", false);
        press(Keys.SPACE);
        assertThat(toggle("analytics").isSelected()).isTrue();
        tabTo("Save choices", false);
        reloadingAfter(() -> press(Keys.ENTER));
        waitFor(d -> cookieNames().contains("_ga_DEMO"));

        WebElement link = driver.findElement(By.cssSelector("footer [data-consentgate-settings]"));
        for (int i = 0; i < 20 && !link.equals(focused()); i++) {
            press(Keys.TAB);
        }
        assertThat(focused()).isEqualTo(link);
        press(Keys.ENTER);
        waitFor(d -> bannerShown());
        assertThat(focused()).isEqualTo(dialog());
        press(Keys.ESCAPE);

        assertThat(bannerShown()).isFalse();
        assertThat(focused()).isEqualTo(link);
        assertThat(cookieNames()).contains("_ga_DEMO");
    }
}
