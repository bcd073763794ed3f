-- Every 5-character piece of a text, for the gram indexes of the next migration. A fragment of five or more
-- characters that a text contains has all its own 5-character pieces among the text's, so a GIN index over
-- them finds the candidates of a narrow partial search from the rarest piece's short list: its cost follows
-- the matches, where a trigram's list (`har`, `345`) grows with the table. See docs/search.md.
CREATE OR REPLACE FUNCTION lb_text_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  grams text[] := '{}';
BEGIN
  FOR i IN 1 .. length(t) - 4 LOOP
    grams := grams || substr(t, i, 5);
  END LOOP;
  RETURN grams;
END
$$;
