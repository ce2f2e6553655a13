package io.herald.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * Real headless Chromium from Debian ({@code /usr/bin/chromium}) driven through Debian's
 * {@code /usr/bin/chromedriver}; nothing is downloaded. A missing browser fails the test, never skips it.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("herald.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("herald.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(15);
    /** Short enough that a state held for half a second (a reconnect delay) is seen; cheap on loopback. */
    static final Duration POLL = Duration.ofMillis(50);
    /** A runaway page (e.g. an unbounded log) must not produce a giant image. */
    private static final double MAX_SCREENSHOT_HEIGHT = 4000;

    private final ChromeDriver driver;
    private final Path profile;

    Browser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Chromium and ChromeDriver are required: apt-get install -y chromium chromium-driver"
                    + " (looked for " + CHROMIUM + " and " + CHROMEDRIVER + ")");
        }
        profile = Files.createTempDirectory("herald-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return until(d -> d.findElement(By.cssSelector(css)), "element " + css);
    }

    /** Waits (bounded) until {@code condition} returns non-null/true. */
    <T> T until(Function<WebDriver, T> condition, String what) {
        return new WebDriverWait(driver, WAIT).pollingEvery(POLL).withMessage("waiting for " + what)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    void waitForText(String css, String text) {
        until(d -> d.findElement(By.cssSelector(css)).getText().contains(text) ? Boolean.TRUE : null,
                "'" + text + "' in " + css);
    }

    /** Waits (bounded) until the element's attribute has exactly {@code value}. */
    void waitForAttribute(String css, String attribute, String value) {
        until(d -> value.equals(d.findElement(By.cssSelector(css)).getDomAttribute(attribute)) ? Boolean.TRUE : null,
                css + " with " + attribute + "=\"" + value + "\"");
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Replaces an input's value by typing, as a user would. */
    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    void click(String css) {
        find(css).click();
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /**
     * Saves a screenshot of the whole page (not just the viewport) under target/screenshots/ as a
     * test artifact, through the DevTools protocol since WebDriver's own screenshot is viewport-only.
     */
    Path screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<?, ?> content = (Map<?, ?>) metrics.get("cssContentSize");
        double width = ((Number) content.get("width")).doubleValue();
        double height = Math.min(MAX_SCREENSHOT_HEIGHT, ((Number) content.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path target = dir.resolve(name + ".png");
        Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
        return target;
    }

    /**
     * Closes the current page as a user closing its tab would (the page gets its {@code pagehide});
     * a blank tab is opened first so the browser itself stays up.
     */
    void closePage() {
        String page = driver.getWindowHandle();
        String blank = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        driver.switchTo().window(page).close();
        driver.switchTo().window(blank);
    }

    /** Closes every page (each gets its {@code pagehide}) and leaves one blank tab: a clean browser for the next test. */
    void closeAllPages() {
        String blank = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(blank)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(blank);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }
}
