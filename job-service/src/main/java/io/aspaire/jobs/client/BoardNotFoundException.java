package io.aspaire.jobs.client;

/** The ATS does not know this board (HTTP 404): a typo or a company that moved; not worth retrying. */
public class BoardNotFoundException extends SourceException {

    public BoardNotFoundException(String ats, String board) {
        super("board '" + board + "' not found on " + ats);
    }

    /** A 404 from a board API turned into this exception; any other failure passes unchanged. */
    public static Throwable of(String ats, String board, Throwable failure) {
        if (failure instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse().getStatus() == 404) {
            return new BoardNotFoundException(ats, board);
        }
        return failure;
    }
}
