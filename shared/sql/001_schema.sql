-- 001_schema.sql — tinpipe's tables: articles, entities resolved across
-- articles, the links between them, and the writer's consumed offsets.
--
-- `tinpipe migrate` runs each migration in its own transaction and records
-- it in tinpipe_migrations; never edit a migration once it is applied
-- (its checksum is checked): add a new numbered file instead.

-- One row per article (article_id is stable across re-ingestion). The
-- columns are the event's fields, for queries; `event` keeps the whole
-- event as the writer received it, so that nothing is lost when the
-- contract grows.
CREATE TABLE articles (
    article_id       text PRIMARY KEY,
    url              text,
    site             text,
    title            text,
    published_at     timestamptz,
    authors          text[] NOT NULL DEFAULT '{}',
    agency           text,
    lead             text,
    body             text NOT NULL DEFAULT '',
    paragraphs       jsonb NOT NULL DEFAULT '[]',
    captions         jsonb NOT NULL DEFAULT '[]',
    tags             text[] NOT NULL DEFAULT '{}',
    view_count       bigint,
    removed          jsonb NOT NULL DEFAULT '[]',
    content_hash     text,
    simhash          text,
    versions         jsonb NOT NULL DEFAULT '{}',
    source_topic     text,
    source_partition integer,
    source_offset    bigint,
    event            jsonb NOT NULL,
    first_seen_at    timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_published_at_idx ON articles (published_at);
CREATE INDEX articles_site_idx ON articles (site);
CREATE INDEX articles_content_hash_idx ON articles (content_hash);

-- One row per entity key, shared by every article that mentions it.
-- fields holds the typed fields (level, code, doc_type, number, issuer,
-- issued_on, value, unit, ...); a later article adds fields it knows and
-- never overwrites one already there.
CREATE TABLE entities (
    id            bigserial PRIMARY KEY,
    key           text NOT NULL UNIQUE,
    type          text NOT NULL,
    name          text NOT NULL DEFAULT '',
    fields        jsonb NOT NULL DEFAULT '{}',
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entities_type_idx ON entities (type);

-- Which entities an article mentions, and how often.
CREATE TABLE article_entities (
    article_id    text NOT NULL REFERENCES articles ON DELETE CASCADE,
    entity_id     bigint NOT NULL REFERENCES entities,
    mention_count integer NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity_idx ON article_entities (entity_id, article_id);

-- Every mention: a byte range [start, end) of articles.body.
CREATE TABLE mentions (
    article_id text NOT NULL REFERENCES articles ON DELETE CASCADE,
    entity_id  bigint NOT NULL REFERENCES entities,
    "start"    integer NOT NULL,
    "end"      integer NOT NULL,
    PRIMARY KEY (article_id, entity_id, "start")
);
CREATE INDEX mentions_entity_idx ON mentions (entity_id);

-- A position an article gives a person: "Phó Chủ tịch UBND thành phố" of
-- organization:Ủy ban nhân dân thành phố Hà Nội.
CREATE TABLE person_positions (
    id               bigserial PRIMARY KEY,
    article_id       text NOT NULL REFERENCES articles ON DELETE CASCADE,
    person_id        bigint NOT NULL REFERENCES entities,
    title            text NOT NULL DEFAULT '',
    organization_key text
);
CREATE UNIQUE INDEX person_positions_uniq
    ON person_positions (article_id, person_id, title, coalesce(organization_key, ''));
CREATE INDEX person_positions_person_idx ON person_positions (person_id);
CREATE INDEX person_positions_org_idx ON person_positions (organization_key);

-- A document an article cites, with the fields the article gives it.
CREATE TABLE document_refs (
    article_id  text NOT NULL REFERENCES articles ON DELETE CASCADE,
    document_id bigint NOT NULL REFERENCES entities,
    doc_type    text,
    number      text,
    issuer      text,
    issued_on   date,
    title       text,
    PRIMARY KEY (article_id, document_id)
);
CREATE INDEX document_refs_document_idx ON document_refs (document_id, article_id);

-- The writer's position in each partition it consumes, written in the same
-- transaction as the rows, so that the database, not Kafka, says what has
-- been stored. next_offset is the offset of the next message to read.
CREATE TABLE tinpipe_offsets (
    consumer_group text NOT NULL,
    topic          text NOT NULL,
    "partition"    integer NOT NULL,
    next_offset    bigint NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, "partition")
);

-- The places an article mentions, with the province they belong to: the
-- province itself for a location at level tinh (or a centrally-governed
-- thanh_pho the gazetteer codes as a province), else the entity's
-- province/province_code fields when the extractor gives them.
CREATE VIEW article_locations AS
SELECT ae.article_id,
       e.id                  AS location_id,
       e.key                 AS location_key,
       e.name                AS location_name,
       e.fields ->> 'level'  AS level,
       e.fields ->> 'code'   AS code,
       coalesce(e.fields ->> 'province',
                CASE WHEN e.fields ->> 'level' IN ('tinh', 'thanh_pho')
                          AND coalesce(length(e.fields ->> 'code'), 2) <= 2
                     THEN e.name END)          AS province,
       coalesce(e.fields ->> 'province_code',
                CASE WHEN e.fields ->> 'level' IN ('tinh', 'thanh_pho')
                          AND length(e.fields ->> 'code') <= 2
                     THEN e.fields ->> 'code' END) AS province_code,
       ae.mention_count
FROM article_entities ae
JOIN entities e ON e.id = ae.entity_id
WHERE e.type = 'location';

-- Every article that cites a document, by province and month: filter on
-- document_key (for example 'document:25-NQ/TW'). Months are counted in
-- Vietnam's time zone.
CREATE VIEW document_citations_by_province_month AS
SELECT d.key                                       AS document_key,
       coalesce(l.province, '(none)')              AS province,
       l.province_code,
       date_trunc('month', a.published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
       count(DISTINCT a.article_id)                AS articles,
       array_agg(DISTINCT a.article_id)            AS article_ids
FROM entities d
JOIN article_entities ad ON ad.entity_id = d.id
JOIN articles a ON a.article_id = ad.article_id
LEFT JOIN article_locations l ON l.article_id = a.article_id
                             AND l.province IS NOT NULL
WHERE d.type = 'document'
GROUP BY d.key, coalesce(l.province, '(none)'), l.province_code,
         date_trunc('month', a.published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
