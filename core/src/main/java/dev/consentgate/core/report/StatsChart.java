package dev.consentgate.core.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Draws {@link ConsentStats} as one self-contained SVG: decisions per UTC day as bars stacked by action, and below them
 * the share of decisions that granted each category. No scripts, fonts, images or styles from elsewhere, and only
 * the generic {@code sans-serif} family, so it renders the same on a headless server, in a browser and in a report.
 * Every bar carries a {@code <title>} with its numbers.
 */
public final class StatsChart {

    /** Okabe–Ito colours, told apart with colour-blindness too; in {@link ConsentStats#ACTIONS} order. */
    private static final List<String> COLOURS = List.of("#009E73", "#D55E00", "#0072B2", "#CC79A7", "#E69F00");

    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 92;
    private static final int PLOT_HEIGHT = 260;
    private static final int X_LABELS = 80;
    private static final int ROW = 24;
    private static final int LABEL_COLUMN = 190;
    private static final int RATE_BAR = 320;

    private StatsChart() {
    }

    /**
     * The chart; {@code range} describes the period asked for, shown when it holds no decisions (such as
     * {@code "from 2026-11-01"}).
     */
    public static String draw(ConsentStats stats, String range) {
        List<ConsentStats.Day> days = stats.days();
        List<ConsentStats.Category> categories = stats.categories();
        double slot = days.isEmpty() ? 40 : Math.max(2, Math.min(40, 900.0 / days.size()));
        double plotWidth = Math.max(560, slot * days.size());
        int width = (int) Math.ceil(Math.max(LEFT + plotWidth + RIGHT, LABEL_COLUMN + RATE_BAR + 200));
        int categoriesTop = TOP + PLOT_HEIGHT + X_LABELS + 40;
        int height = categoriesTop + 30 + Math.max(1, categories.size()) * ROW + 20;

        Svg svg = new Svg(width, height, "Consent decisions per day (UTC)");
        svg.text(LEFT, 28, "start", 18, "bold", "Consent decisions per day (UTC)");
        svg.text(LEFT, 50, "start", 12, "normal", stats.total() + " decisions, " + (days.isEmpty() ? range
                : days.get(0).date() + " to " + days.get(days.size() - 1).date()));
        legend(svg);
        if (days.isEmpty()) {
            svg.text(LEFT + plotWidth / 2, TOP + PLOT_HEIGHT / 2.0, "middle", 14, "normal",
                    "no decisions in this range");
        } else {
            bars(svg, days, slot);
        }
        rates(svg, categories, categoriesTop);
        return svg.finish();
    }

    private static void legend(Svg svg) {
        double x = LEFT;
        for (int i = 0; i < ConsentStats.ACTIONS.size(); i++) {
            svg.rect(x, 62, 12, 12, COLOURS.get(i));
            svg.text(x + 17, 72, "start", 12, "normal", ConsentStats.ACTIONS.get(i));
            x += 32 + 6.5 * ConsentStats.ACTIONS.get(i).length();
        }
    }

    private static void bars(Svg svg, List<ConsentStats.Day> days, double slot) {
        long max = days.stream().mapToLong(ConsentStats.Day::total).max().orElse(0);
        long step = niceStep(Math.max(1, max) / 5.0);
        long top = Math.max(step, (max + step - 1) / step * step);
        double base = TOP + PLOT_HEIGHT;
        double plotRight = LEFT + Math.max(560, slot * days.size());
        for (long v = 0; v <= top; v += step) {
            double y = base - (double) v / top * PLOT_HEIGHT;
            svg.line(LEFT, y, plotRight, y, v == 0 ? "#333333" : "#dddddd");
            svg.text(LEFT - 8, y + 4, "end", 11, "normal", Long.toString(v));
        }
        svg.line(LEFT, TOP, LEFT, base, "#333333");
        svg.verticalText(18, TOP + PLOT_HEIGHT / 2.0, "decisions");
        int every = (int) Math.ceil(18 / slot);
        for (int i = 0; i < days.size(); i++) {
            ConsentStats.Day d = days.get(i);
            double x = LEFT + i * slot + slot * 0.125;
            double w = Math.max(1, slot * 0.75);
            svg.open("g");
            svg.title(d.date() + ": " + d.total() + " decisions (" + breakdown(d) + ")");
            double y = base;
            for (int a = 0; a < ConsentStats.ACTIONS.size(); a++) {
                long n = d.byAction().get(a);
                if (n > 0) {
                    double h = (double) n / top * PLOT_HEIGHT;
                    y -= h;
                    svg.rect(x, y, w, h, COLOURS.get(a));
                }
            }
            svg.close("g");
            if (i % every == 0) {
                svg.slantedText(x + w / 2, base + 12, d.date());
            }
        }
        svg.text(LEFT + (plotRight - LEFT) / 2, base + X_LABELS + 10, "middle", 12, "normal", "day (UTC)");
    }

    private static void rates(Svg svg, List<ConsentStats.Category> categories, int top) {
        svg.text(LEFT, top, "start", 16, "bold", "Share of decisions granting each category");
        if (categories.isEmpty()) {
            svg.text(LEFT, top + 30, "start", 12, "normal", "no categories in this range");
            return;
        }
        double x = LABEL_COLUMN;
        for (int i = 0; i < categories.size(); i++) {
            ConsentStats.Category c = categories.get(i);
            double y = top + 18 + i * ROW;
            svg.open("g");
            svg.title(c.id() + ": granted in " + c.granted() + " of " + c.decided() + " decisions");
            svg.text(x - 10, y + 13, "end", 12, "normal", c.id());
            svg.rect(x, y + 2, RATE_BAR, 16, "#eeeeee");
            svg.rect(x, y + 2, RATE_BAR * c.rate(), 16, "#0072B2");
            svg.text(x + RATE_BAR + 8, y + 14, "start", 12, "normal", ConsentStats.Category.percent(c.rate()) + " ("
                    + c.granted() + " of " + c.decided() + ")");
            svg.close("g");
        }
    }

    private static String breakdown(ConsentStats.Day d) {
        StringBuilder b = new StringBuilder();
        for (int a = 0; a < ConsentStats.ACTIONS.size(); a++) {
            b.append(a == 0 ? "" : ", ").append(ConsentStats.ACTIONS.get(a)).append(' ').append(d.byAction().get(a));
        }
        return b.toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static long niceStep(double raw) {
        long power = 1;
        while (power * 10 <= raw) {
            power *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** A small SVG writer: escapes every text and attribute, formats numbers the same in every locale. */
    private static final class Svg {
        private final StringBuilder b = new StringBuilder(16_384);

        Svg(int width, int height, String title) {
            b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                    .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                    .append("\" font-family=\"sans-serif\" fill=\"#222222\" role=\"img\">\n");
            title(title);
            rect(0, 0, width, height, "#ffffff");
        }

        void rect(double x, double y, double w, double h, String fill) {
            b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                    .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill).append("\"/>\n");
        }

        void line(double x1, double y1, double x2, double y2, String stroke) {
            b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                    .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke)
                    .append("\" stroke-width=\"1\"/>\n");
        }

        void text(double x, double y, String anchor, int size, String weight, String text) {
            b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"")
                    .append(anchor).append("\" font-size=\"").append(size).append('"');
            if (!weight.equals("normal")) {
                b.append(" font-weight=\"").append(weight).append('"');
            }
            b.append('>').append(escape(text)).append("</text>\n");
        }

        void verticalText(double x, double y, String text) {
            b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y))
                    .append("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 ").append(n(x))
                    .append(' ').append(n(y)).append(")\">").append(escape(text)).append("</text>\n");
        }

        void slantedText(double x, double y, LocalDate day) {
            b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y))
                    .append("\" text-anchor=\"end\" font-size=\"11\" transform=\"rotate(-45 ").append(n(x))
                    .append(' ').append(n(y)).append(")\">").append(day).append("</text>\n");
        }

        void title(String text) {
            b.append("<title>").append(escape(text)).append("</title>\n");
        }

        void open(String element) {
            b.append('<').append(element).append(">\n");
        }

        void close(String element) {
            b.append("</").append(element).append(">\n");
        }

        String finish() {
            return b.append("</svg>\n").toString();
        }

        private static String n(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
        }

        /** XML-escapes text; characters XML 1.0 cannot hold at all become U+FFFD. */
        private static String escape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&apos;");
                    default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE
                            || c == 0xFFFF ? '\uFFFD' : c);
                }
            }
            return out.toString();
        }
    }
}
