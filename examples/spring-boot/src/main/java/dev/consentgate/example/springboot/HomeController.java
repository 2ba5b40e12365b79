package dev.consentgate.example.springboot;

import dev.consentgate.servlet.ConsentGate;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A page that sets cookies as a site with analytics tags would, with no consent logic of its own. */
@RestController
final class HomeController {

    @GetMapping(path = "/", produces = "text/plain")
    String home(HttpServletRequest request, HttpServletResponse response) {
        response.addCookie(new Cookie("_ga", "GA1.1.1234.5678"));
        // Spring's own cookie builder ends in a Set-Cookie header, which the filter decides as well.
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from("lang", "en").path("/").build().toString());
        return "analytics granted: " + ConsentGate.consent(request).isGranted("analytics") + "\n";
    }
}
