package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian chromium (through chromedriver) on the console of a node served over HTTPS,
 * for the console's browser tests: it trusts exactly the node's key (its SPKI pinned, as a browser
 * trusts the demo CA once imported), records the network log, and offers the steps a keyboard user
 * takes — sign in, press Enter on a link or button and wait for the next page, type into a
 * labelled field — and {@link #page}, which checks every visible control has a label, no secret is
 * on the page and axe-core (Deque's engine, run in the page) finds no WCAG 2.1 A/AA violation —
 * contrast included — then saves a numbered screenshot.
 *
 * <p>Not thread-safe (one test class drives it). Closing quits the browser.
 */
final class ConsoleBrowser implements AutoCloseable {
  private static final List<String> WCAG_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  private final ChromeDriver driver;
  private final String url;
  private final Path shots;
  private final List<String> secrets;
  private int shot;

  private ConsoleBrowser(ChromeDriver driver, String url, Path shots, List<String> secrets) {
    this.driver = driver;
    this.url = url;
    this.shots = shots;
    this.secrets = secrets;
  }

  /**
   * Starts chromium (installing it with apt-get when missing) for the node at {@code url} serving
   * {@code serverPem}; screenshots go to {@code target/console-screenshots/<shotsDir>}; no page may
   * contain any of {@code secrets}.
   */
  static ConsoleBrowser open(Path serverPem, Path profile, String url, String shotsDir,
      String... secrets) throws Exception {
    ChromiumPackage.ensureInstalled();
    Path shots = Path.of("target", "console-screenshots", shotsDir);
    Files.createDirectories(shots);
    return new ConsoleBrowser(chromium(serverPem, profile), url, shots, List.of(secrets));
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Opens {@code path} of the node (e.g. {@code /console/}). */
  void get(String path) {
    driver.get(url + path);
  }

  String currentUrl() {
    return driver.getCurrentUrl();
  }

  /** Signs in with {@code token} from the sign-in page, by Enter in the token field. */
  void signIn(String token) {
    get("/console/sign-in");
    driver.findElement(By.id("token")).sendKeys(token);
    press(By.id("token"));
    assertThat(driver.getCurrentUrl()).as(driver.getPageSource()).endsWith("/console/");
  }

  void signOut() {
    press(By.xpath("//button[text()='Sign out']"));
    assertThat(driver.getCurrentUrl()).endsWith("/console/sign-in");
    assertThat(driver.manage().getCookieNamed("cdrvault_console")).isNull();
  }

  /** Presses Enter on the element (a link, a button, a field) and waits for the next page. */
  void press(By element) {
    WebElement before = driver.findElement(By.tagName("html"));
    driver.findElement(element).sendKeys(Keys.ENTER);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    // the old page's root is gone: Chromium reports a detached node as stale or, at times, as an
    // inspector error ("Node with given id does not belong to the document"); both mean replaced
    wait.until(d -> {
      try {
        before.isEnabled();
        return false;
      } catch (WebDriverException gone) {
        return true;
      }
    });
    wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  /** Replaces the text of the field with id {@code id}. */
  void type(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  /** The visible text of the element with id {@code id}, stripped. */
  String text(String id) {
    return driver.findElement(By.id(id)).getText().strip();
  }

  /**
   * Checks every visible form control has a label, no secret is on the page and the page has no
   * WCAG 2.1 A/AA violation (axe-core: contrast, names, landmarks, ...), then saves a screenshot.
   */
  void page(String name) throws Exception {
    for (WebElement input : driver.findElements(By.cssSelector("input, select, textarea"))) {
      if ("hidden".equals(input.getAttribute("type"))) {
        continue;
      }
      String id = input.getAttribute("id");
      assertThat(id).as("a form control on page " + name + " without id").isNotBlank();
      assertThat(driver.findElements(By.cssSelector("label[for='" + id + "']")))
          .as("label for #" + id + " on page " + name).isNotEmpty();
    }
    String source = driver.getPageSource();
    for (String secret : secrets) {
      assertThat(source).as("page " + name).doesNotContain(secret);
    }
    Results axe = new AxeBuilder().withTags(WCAG_A_AA).analyze(driver);
    assertThat(axe.getViolations()).as("WCAG 2.1 A/AA violations on page " + name + ": "
        + axe.getViolations().stream().map(v -> v.getId() + " at " + v.getNodes().stream()
            .map(n -> String.valueOf(n.getTarget())).toList()).toList()).isEmpty();
    Files.write(shots.resolve(String.format("%02d-%s.png", ++shot, name)),
        driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Every URL the browser has requested so far (from the performance log). */
  List<String> requestedUrls() {
    List<String> urls = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      String m = e.getMessage();
      if (m.contains("\"Network.requestWillBeSent\"")) {
        int i = m.indexOf("\"url\":\"");
        if (i >= 0) {
          urls.add(m.substring(i + 7, m.indexOf('"', i + 7)));
        }
      }
    }
    return urls;
  }

  /** The console session cookie as a {@code Cookie} header value. */
  String sessionCookie() {
    return "cdrvault_console=" + driver.manage().getCookieNamed("cdrvault_console").getValue();
  }

  @Override
  public void close() {
    driver.quit();
  }

  /** A TLS context trusting only the CA certificate in {@code caPem}. */
  static SSLContext trusting(Path caPem) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  private static ChromeDriver chromium(Path serverPem, Path profile) throws Exception {
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(serverPem)) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String spki = Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(ChromiumPackage.CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1280,1000", "--user-data-dir=" + profile,
        "--ignore-certificate-errors-spki-list=" + spki);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(ChromiumPackage.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    return driver;
  }
}
