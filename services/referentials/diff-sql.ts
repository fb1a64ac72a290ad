// The difference between two versions, computed by PostgreSQL over their rows (no row leaves the
// database): added and changed rows of `$1` (the new version) in the order of its file, then rows of
// `$2` (the old one) it no longer has, by code. A change lists each field that differs,
// { avant, apres }. The import stores it as the report; the API reads it between any two versions.
// Columns: kind, code, line, changes, and `part, ord, ord2` to order by (DIFF_ORDER).

export const DIFF_ROWS = `
  SELECT CASE WHEN o.code IS NULL THEN 'ajout' ELSE 'modification' END AS kind, n.code, n.line,
    CASE WHEN o.code IS NULL THEN NULL ELSE (
      SELECT jsonb_object_agg(k, jsonb_build_object('avant', o.fields -> k, 'apres', n.fields -> k))
      FROM jsonb_object_keys(n.fields || o.fields) AS k
      WHERE (n.fields -> k) IS DISTINCT FROM (o.fields -> k)) END AS changes,
    0 AS part, n.line AS ord, n.code AS ord2
  FROM "ReferentialRow" n
  LEFT JOIN "ReferentialRow" o ON o."versionId" = $2 AND o.code = n.code
  WHERE n."versionId" = $1 AND (o.code IS NULL OR o.fields <> n.fields)
  UNION ALL
  SELECT 'retrait', o.code, NULL, NULL, 1, NULL, o.code
  FROM "ReferentialRow" o
  WHERE o."versionId" = $2
    AND NOT EXISTS (SELECT 1 FROM "ReferentialRow" n WHERE n."versionId" = $1 AND n.code = o.code)`;

export const DIFF_ORDER = 'part, ord, ord2';
