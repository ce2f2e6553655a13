package io.herald.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PNG charts drawn with Java2D (headless, offline): grouped bars and log-x line charts. */
final class Charts {
    private static final int W = 900;
    private static final int H = 500;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 90;
    static final Map<String, Color> COLORS = new LinkedHashMap<>();

    static {
        COLORS.put("herald", new Color(0x1f, 0x77, 0xb4));
        COLORS.put("ws", new Color(0x2c, 0xa0, 0x2c));
        COLORS.put("socketio", new Color(0xd6, 0x27, 0x28));
        COLORS.put("tyrus", new Color(0xff, 0x7f, 0x0e));
        COLORS.put("nio", new Color(0x7f, 0x7f, 0x7f));
    }

    private Charts() {
    }

    /** One named series of values, one per category (bars) or per x (lines); NaN = missing. */
    record Series(String name, String colorKey, double[] values) {
    }

    static void bars(Path file, String title, String yLabel, List<String> categories, List<Series> series)
            throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img, title);
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = niceCeil(max);
        yAxis(g, 0, max, yLabel, false);
        int plotW = W - LEFT - RIGHT;
        double groupW = plotW / (double) categories.size();
        double barW = groupW * 0.8 / series.size();
        for (int c = 0; c < categories.size(); c++) {
            double gx = LEFT + c * groupW + groupW * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s).values()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                int h = (int) Math.round((H - TOP - BOTTOM) * v / max);
                g.setColor(color(series.get(s)));
                g.fillRect((int) (gx + s * barW), H - BOTTOM - h, (int) Math.max(1, barW - 2), h);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            String label = categories.get(c);
            g.drawString(label, (int) (LEFT + c * groupW + groupW / 2 - g.getFontMetrics().stringWidth(label) / 2.0),
                    H - BOTTOM + 20);
        }
        legend(g, series);
        finish(g, img, file);
    }

    static void lines(Path file, String title, String xLabel, String yLabel, double[] xs, List<Series> series,
                      boolean logY) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img, title);
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v) && v > 0) {
                    minY = Math.min(minY, v);
                    maxY = Math.max(maxY, v);
                }
            }
        }
        if (maxY == 0) {
            minY = 0.1;
            maxY = 1;
        }
        double lo = logY ? Math.pow(10, Math.floor(Math.log10(minY))) : 0;
        double hi = logY ? Math.pow(10, Math.ceil(Math.log10(maxY))) : niceCeil(maxY);
        yAxis(g, lo, hi, yLabel, logY);
        double xLo = Math.log(xs[0]);
        double xHi = Math.log(xs[xs.length - 1]);
        int plotW = W - LEFT - RIGHT;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double x : xs) {
            int px = (int) (LEFT + plotW * (xHi == xLo ? 0.5 : (Math.log(x) - xLo) / (xHi - xLo)));
            g.setColor(new Color(235, 235, 235));
            g.drawLine(px, TOP, px, H - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String label = x >= 1000 ? Math.round(x / 1000) + "k" : Long.toString(Math.round(x));
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, H - BOTTOM + 18);
        }
        g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, H - BOTTOM + 40);
        for (Series s : series) {
            g.setColor(color(s));
            g.setStroke(new BasicStroke(s.name().contains("p50") ? 1.5f : 2.5f, BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND, 1, s.name().contains("p50") ? new float[] {6, 4} : null, 0));
            int prevX = -1;
            int prevY = -1;
            for (int i = 0; i < xs.length; i++) {
                double v = s.values()[i];
                if (Double.isNaN(v) || v <= 0) {
                    prevX = -1;
                    continue;
                }
                int px = (int) (LEFT + plotW * (xHi == xLo ? 0.5 : (Math.log(xs[i]) - xLo) / (xHi - xLo)));
                int py = yPixel(v, lo, hi, logY);
                g.fillOval(px - 3, py - 3, 7, 7);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
        }
        g.setStroke(new BasicStroke(1));
        legend(g, series);
        finish(g, img, file);
    }

    private static Color color(Series s) {
        Color c = COLORS.getOrDefault(s.colorKey(), Color.GRAY);
        return s.name().contains("RSS") ? c.brighter() : c;
    }

    private static Graphics2D canvas(BufferedImage img, String title) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(title, LEFT, 30);
        return g;
    }

    private static void yAxis(Graphics2D g, double lo, double hi, String label, boolean log) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int ticks = log ? (int) Math.round(Math.log10(hi / lo)) : 5;
        for (int i = 0; i <= ticks; i++) {
            double v = log ? lo * Math.pow(10, i) : lo + (hi - lo) * i / ticks;
            int py = yPixel(v, lo, hi, log);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, py, W - RIGHT, py);
            g.setColor(Color.DARK_GRAY);
            String text = format(v);
            g.drawString(text, LEFT - 8 - g.getFontMetrics().stringWidth(text), py + 4);
        }
        g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
        g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(label, -(TOP + (H - TOP - BOTTOM) / 2) - r.getFontMetrics().stringWidth(label) / 2, 20);
        r.dispose();
    }

    private static int yPixel(double v, double lo, double hi, boolean log) {
        double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        return (int) Math.round(H - BOTTOM - f * (H - TOP - BOTTOM));
    }

    private static void legend(Graphics2D g, List<Series> series) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = LEFT;
        int y = H - 25;
        for (Series s : series) {
            g.setColor(color(s));
            g.fillRect(x, y - 10, 14, 12);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), x + 18, y);
            x += 28 + g.getFontMetrics().stringWidth(s.name());
            if (x > W - 150) {
                x = LEFT;
                y += 0; // one line is enough for the kit's series counts
            }
        }
    }

    private static void finish(Graphics2D g, BufferedImage img, Path file) throws IOException {
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    static String format(double v) {
        if (v >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (v >= 1000) {
            return trim(v / 1000) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v);
    }

    private static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
