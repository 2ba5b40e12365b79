package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Where a PostgreSQL consent log lives: a JDBC URL or a {@link DataSource}, with a description for messages that
 * never shows a password.
 */
final class JdbcTarget {

    /** {@code password=…} (also {@code sslpassword=…}) in a URL's parameters, up to the next separator. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)([^&;]*)");
    /** {@code //user:password@host}: not read by PgJDBC, but people write it and other drivers accept it. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]*:)([^/@?]*)(@)");

    @FunctionalInterface
    private interface Connector {
        Connection connect() throws SQLException;
    }

    private final String description;
    private final Connector connector;
    private final String secret;

    private JdbcTarget(String description, Connector connector, String secret) {
        this.description = description;
        this.connector = connector;
        this.secret = secret;
    }

    static JdbcTarget url(String jdbcUrl) {
        requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + redact(jdbcUrl));
        }
        return new JdbcTarget(redact(jdbcUrl), () -> DriverManager.getConnection(jdbcUrl), jdbcUrl);
    }

    static JdbcTarget dataSource(DataSource dataSource) {
        requireNonNull(dataSource, "dataSource");
        return new JdbcTarget("data source " + dataSource.getClass().getName(), dataSource::getConnection, "");
    }

    /** The URL with every password replaced by {@code ***}. */
    static String redact(String url) {
        String out = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(out).replaceAll("$1***$3");
    }

    /** What to call this target in a message: the URL without its password. */
    String description() {
        return description;
    }

    /**
     * A new connection.
     *
     * @throws IOException {@code cannot connect to <target>: <reason>}
     */
    Connection connect() throws IOException {
        try {
            return connector.connect();
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                // DriverManager's message repeats the whole URL, password included: leave it out
                throw new IOException("cannot connect to " + description + ": no JDBC driver on the class path"
                        + " accepts this URL (add org.postgresql:postgresql)");
            }
            throw new IOException("cannot connect to " + description + ": " + reason(e), e);
        }
    }

    /** A driver's message, with anything that looks like this target's password taken out. */
    String reason(SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (!secret.isEmpty()) {
            message = message.replace(secret, description);
            for (Pattern p : new Pattern[] {PASSWORD_PARAMETER, USER_INFO}) {
                Matcher m = p.matcher(secret);
                while (m.find()) {
                    if (!m.group(2).isEmpty()) {
                        message = message.replace(m.group(2), "***");
                    }
                }
            }
        }
        return message;
    }
}
