package dev.consentgate.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcTargetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://db/app?user=cg                          | jdbc:postgresql://db/app?user=cg
            jdbc:postgresql://db/app?user=cg&password=s3cret          | jdbc:postgresql://db/app?user=cg&password=***
            jdbc:postgresql://db/app?password=s3cret&user=cg          | jdbc:postgresql://db/app?password=***&user=cg
            jdbc:postgresql://db/app?PASSWORD=s3cret                  | jdbc:postgresql://db/app?PASSWORD=***
            jdbc:postgresql://db/app?sslpassword=k3y&password=s3cret  | jdbc:postgresql://db/app?sslpassword=***&password=***
            jdbc:postgresql://cg:s3cret@db/app                        | jdbc:postgresql://cg:***@db/app
            jdbc:sqlserver://db;user=cg;password=s3cret;database=app  | jdbc:sqlserver://db;user=cg;password=***;database=app
            """)
    void redact_url_hidesPasswords(String url, String redacted) {
        assertThat(JdbcTarget.redact(url)).isEqualTo(redacted);
    }

    @Test
    void connect_nothingListening_saysSoWithoutThePassword() {
        JdbcTarget target = JdbcTarget.url("jdbc:postgresql://127.0.0.1:1/app?user=cg&password=s3cret");

        assertThatThrownBy(target::connect).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot connect to jdbc:postgresql://127.0.0.1:1/app?user=cg&password=***: ")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connect_noDriverForUrl_saysWhichDependencyIsMissing() {
        JdbcTarget target = JdbcTarget.url("jdbc:nosuchdb://db/app?password=s3cret");

        assertThatThrownBy(target::connect).isInstanceOf(IOException.class)
                .hasMessage("cannot connect to jdbc:nosuchdb://db/app?password=***: no JDBC driver on the class path"
                        + " accepts this URL (add org.postgresql:postgresql)");
    }

    @Test
    void source_unreachableDatabase_saysSo() {
        assertThatThrownBy(() -> ConsentLogSource.open("jdbc:postgresql://127.0.0.1:1/app?password=s3cret"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot connect to jdbc:postgresql://127.0.0.1:1/app?password=***: ")
                .hasMessageNotContaining("s3cret");
    }
}
