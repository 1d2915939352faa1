-- 002_store_events.sql — the writer's store logic, set-based, in the
-- database: tinpipe_store_events(events) upserts a batch of
-- tinpipe.article/1 events (a JSON array) in the caller's transaction.
--
-- Rules (services/writer/README.md tells why):
--   * an article is stored once, keyed by article_id; when the batch holds
--     the same article twice, the later event wins;
--   * an event equal to the stored one (ignoring `source`, which only says
--     where this copy was read from) changes nothing at all;
--   * a different event for a stored article replaces the article's row
--     and every row that hangs off it (mentions, article_entities,
--     person_positions, document_refs);
--   * entities are shared: inserted once per key, in key order (so that two
--     writers never wait on each other in a cycle); a later event may add
--     fields an entity lacks but never overwrites one.
-- Bad data raises SQLSTATE class 22 (or 23), which the writer turns into a
-- dead letter for that one event.

-- A jsonb value, with JSON null and SQL NULL both replaced by dflt.
CREATE FUNCTION tinpipe_json_or(j jsonb, dflt jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN j IS NULL OR j = 'null'::jsonb THEN dflt ELSE j END
$$;

-- A JSON array of strings as text[]; JSON null or absent gives '{}'.
CREATE FUNCTION tinpipe_text_array(j jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN j IS NULL OR j = 'null'::jsonb THEN '{}'::text[]
                ELSE ARRAY(SELECT jsonb_array_elements_text(j)) END
$$;

-- A full calendar date (YYYY-MM-DD) as date; anything else (a month
-- "2020-03", an impossible day) gives NULL: issued_on is informative, and
-- the exact text stays in the entity's fields.
CREATE FUNCTION tinpipe_try_date(t text) RETURNS date
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF t IS NULL OR t !~ '^\d{4}-\d{2}-\d{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN t::date;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
    RETURN NULL;
END
$$;

-- Stores a JSON array of events; returns how many articles were inserted
-- or changed (0 when every event was already stored as is).
CREATE FUNCTION tinpipe_store_events(p_events jsonb) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_changed text[];
BEGIN
    IF jsonb_typeof(p_events) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'tinpipe_store_events expects a json array'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    WITH ev AS (
        SELECT DISTINCT ON (e ->> 'article_id') e ->> 'article_id' AS article_id, e
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord)
        ORDER BY e ->> 'article_id', ord DESC
    ), up AS (
        INSERT INTO articles AS a (
            article_id, url, site, title, published_at, authors, agency,
            lead, body, paragraphs, captions, tags, view_count, removed,
            content_hash, simhash, versions, source_topic, source_partition,
            source_offset, event)
        SELECT ev.article_id,
               e -> 'source' ->> 'url',
               e -> 'source' ->> 'site',
               e ->> 'title',
               (e ->> 'published_at')::timestamptz,
               tinpipe_text_array(e -> 'authors'),
               e ->> 'agency',
               e ->> 'lead',
               coalesce(e ->> 'body', ''),
               tinpipe_json_or(e -> 'paragraphs', '[]'),
               tinpipe_json_or(e -> 'captions', '[]'),
               tinpipe_text_array(e -> 'tags'),
               (e ->> 'view_count')::bigint,
               tinpipe_json_or(e -> 'removed', '[]'),
               e ->> 'content_hash',
               e ->> 'simhash',
               tinpipe_json_or(e -> 'versions', '{}'),
               e -> 'source' ->> 'topic',
               (e -> 'source' ->> 'partition')::integer,
               (e -> 'source' ->> 'offset')::bigint,
               e
        FROM ev
        WHERE ev.article_id IS NOT NULL
        ORDER BY ev.article_id
        ON CONFLICT (article_id) DO UPDATE SET
            url = EXCLUDED.url, site = EXCLUDED.site, title = EXCLUDED.title,
            published_at = EXCLUDED.published_at, authors = EXCLUDED.authors,
            agency = EXCLUDED.agency, lead = EXCLUDED.lead,
            body = EXCLUDED.body, paragraphs = EXCLUDED.paragraphs,
            captions = EXCLUDED.captions, tags = EXCLUDED.tags,
            view_count = EXCLUDED.view_count, removed = EXCLUDED.removed,
            content_hash = EXCLUDED.content_hash, simhash = EXCLUDED.simhash,
            versions = EXCLUDED.versions, source_topic = EXCLUDED.source_topic,
            source_partition = EXCLUDED.source_partition,
            source_offset = EXCLUDED.source_offset, event = EXCLUDED.event,
            updated_at = now()
        WHERE (a.event - 'source') IS DISTINCT FROM (EXCLUDED.event - 'source')
        RETURNING a.article_id
    )
    SELECT coalesce(array_agg(article_id), '{}') INTO v_changed FROM up;

    IF cardinality(v_changed) = 0 THEN
        RETURN 0;
    END IF;

    -- A changed article loses every row that hangs off it; they come back
    -- below from the new event.
    DELETE FROM mentions WHERE article_id = ANY (v_changed);
    DELETE FROM article_entities WHERE article_id = ANY (v_changed);
    DELETE FROM person_positions WHERE article_id = ANY (v_changed);
    DELETE FROM document_refs WHERE article_id = ANY (v_changed);

    -- The batch's entities, as (article_id, entity object), of the event
    -- that won for each changed article, in a temporary table of the session,
    -- emptied at commit (every statement below reads it).
    IF to_regclass('pg_temp.tinpipe__ent') IS NULL THEN
        CREATE TEMPORARY TABLE tinpipe__ent (
            article_id text NOT NULL,
            key        text NOT NULL,
            x          jsonb NOT NULL
        ) ON COMMIT DELETE ROWS;
    END IF;
    DELETE FROM tinpipe__ent;
    INSERT INTO tinpipe__ent (article_id, key, x)
    SELECT ev.article_id, x ->> 'key', x
    FROM (SELECT DISTINCT ON (e ->> 'article_id') e ->> 'article_id' AS article_id, e
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord)
          WHERE e ->> 'article_id' = ANY (v_changed)
          ORDER BY e ->> 'article_id', ord DESC) ev,
         jsonb_array_elements(tinpipe_json_or(ev.e -> 'entities', '[]')) AS x
    WHERE x ->> 'key' IS NOT NULL;

    -- New entities, in key order.
    INSERT INTO entities (key, type, name, fields)
    SELECT DISTINCT ON (key)
           key,
           coalesce(x ->> 'type', split_part(key, ':', 1)),
           coalesce(x ->> 'name', ''),
           jsonb_strip_nulls(x - '{type,key,name,positions,mentions}'::text[])
    FROM tinpipe__ent
    ORDER BY key
    ON CONFLICT (key) DO NOTHING;

    -- Fields an existing entity did not have yet.
    UPDATE entities en
    SET fields = f.fields || en.fields
    FROM (SELECT DISTINCT ON (key) key,
                 jsonb_strip_nulls(x - '{type,key,name,positions,mentions}'::text[]) AS fields
          FROM tinpipe__ent
          ORDER BY key) f
    WHERE en.key = f.key
      AND (f.fields || en.fields) IS DISTINCT FROM en.fields;

    INSERT INTO mentions (article_id, entity_id, "start", "end")
    SELECT t.article_id, en.id, (m ->> 'start')::integer, (m ->> 'end')::integer
    FROM tinpipe__ent t
    JOIN entities en ON en.key = t.key,
         jsonb_array_elements(tinpipe_json_or(t.x -> 'mentions', '[]')) AS m
    ON CONFLICT DO NOTHING;

    INSERT INTO article_entities (article_id, entity_id, mention_count)
    SELECT k.article_id, k.entity_id,
           (SELECT count(*) FROM mentions mm
            WHERE mm.article_id = k.article_id AND mm.entity_id = k.entity_id)
    FROM (SELECT DISTINCT t.article_id, en.id AS entity_id
          FROM tinpipe__ent t JOIN entities en ON en.key = t.key) k;

    INSERT INTO person_positions (article_id, person_id, title, organization_key)
    SELECT DISTINCT t.article_id, en.id, coalesce(p ->> 'title', ''), p ->> 'organization'
    FROM tinpipe__ent t
    JOIN entities en ON en.key = t.key,
         jsonb_array_elements(tinpipe_json_or(t.x -> 'positions', '[]')) AS p
    ON CONFLICT DO NOTHING;

    INSERT INTO document_refs (article_id, document_id, doc_type, number,
                               issuer, issued_on, title)
    SELECT DISTINCT ON (t.article_id, en.id)
           t.article_id, en.id, t.x ->> 'doc_type', t.x ->> 'number',
           t.x ->> 'issuer', tinpipe_try_date(t.x ->> 'issued_on'),
           t.x ->> 'title'
    FROM tinpipe__ent t
    JOIN entities en ON en.key = t.key
    WHERE en.type = 'document'
    ORDER BY t.article_id, en.id;

    DELETE FROM tinpipe__ent;
    RETURN cardinality(v_changed);
END
$$;
