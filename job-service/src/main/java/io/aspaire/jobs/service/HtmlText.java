package io.aspaire.jobs.service;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Safelist;

/** Descriptions arrive as HTML (Remotive) or plain text (SerpAPI); we keep both a plain text and a safe HTML form. */
public final class HtmlText {

    // basic(): text formatting, lists, links (http/https/mailto, rel=nofollow); no script, style, on* or iframes
    private static final Safelist SAFE = Safelist.basic().addTags("h1", "h2", "h3", "h4", "h5", "h6")
            .removeProtocols("a", "href", "ftp");

    private HtmlText() {
    }

    /** Only harmless tags and attributes survive: no script, style, event handlers, iframes or javascript: links. */
    public static String safeHtml(String html) {
        if (html == null || html.isBlank()) {
            return null;
        }
        Document.OutputSettings out = new Document.OutputSettings().prettyPrint(false)
                .escapeMode(Entities.EscapeMode.base).charset("UTF-8");
        return Jsoup.clean(html, "", SAFE, out).trim();
    }

    /** The readable text of an HTML fragment, block elements separated by line breaks. */
    public static String text(String html) {
        if (html == null || html.isBlank()) {
            return null;
        }
        Document doc = Jsoup.parse(Jsoup.clean(html, "", Safelist.relaxed(), new Document.OutputSettings().prettyPrint(false)));
        doc.select("br").before("\\n");
        doc.select("p, li, h1, h2, h3, h4, h5, h6, div").before("\\n");
        String text = doc.text().replace("\\n", "\n");
        return text.replaceAll("[ \\t]*\\n[ \\t]*", "\n").replaceAll("\n{3,}", "\n\n").trim();
    }

    /** Plain text shown as HTML: escaped, line breaks kept. */
    public static String plainToHtml(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Entities.escape(text.trim()).replace("\n", "<br>");
    }

    /** Plain text cleaned of stray control characters and excess blank lines. */
    public static String plain(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.replaceAll("[\\p{Cntrl}&&[^\n\t]]", "").replaceAll("\n{3,}", "\n\n").trim();
    }
}
