using System.Collections.Concurrent;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// An immutable in-memory Lucene index of one knowledge-base version. BM25 over three fields —
/// title (boost <see cref="TitleBoost"/>), example questions (<see cref="QuestionsBoost"/>) and body
/// (<see cref="BodyBoost"/>) — with English analysis (stemming, stop words). Queries are built from
/// analyzed terms, never parsed, so any customer text is safe. Thread-safe for concurrent searches.
/// </summary>
public sealed class KnowledgeIndex
{
    /// <summary>Boost of the title field: short and about exactly one thing.</summary>
    public const float TitleBoost = 2.0f;

    /// <summary>Boost of the example questions: phrased the way customers ask.</summary>
    public const float QuestionsBoost = 1.5f;

    /// <summary>Boost of the body.</summary>
    public const float BodyBoost = 1.0f;

    /// <summary>Weight of a related term (thesaurus) against the term itself, in the query.</summary>
    public const float RelatedTermWeight = 0.8f;

    /// <summary>Questions are cut to this many characters before analysis.</summary>
    public const int MaxQuestionLength = 4_000;

    /// <summary>At most this many distinct content terms of a question are searched.</summary>
    public const int MaxQueryTerms = 48;

    private const string IdField = "id";
    private const string TitleField = "title";
    private const string QuestionsField = "questions";
    private const string BodyField = "body";

    private readonly KnowledgeAnalyzer _analyzer;
    private readonly SupportThesaurus? _thesaurus;
    private readonly IndexSearcher? _searcher;
    private readonly Dictionary<string, ArticleTerms> _articles;
    private readonly Dictionary<string, int> _documentFrequency;

    // Per field, every term some article has there: a query asks Lucene only for terms that can score
    // (each term Lucene looks up costs a terms-dictionary seek and several KB of garbage; a term no
    // article has scores nothing under BM25, which has no coordination factor).
    private readonly Dictionary<string, HashSet<string>> _vocabulary;

    // The article id of each Lucene document (the index never changes once built).
    private readonly string[] _documentIds;

    // Where each (field, term) of the vocabulary sits in the index, looked up once: the index never changes, and
    // a TermQuery given its context skips the terms-dictionary seek. Bounded by the vocabulary.
    private readonly ConcurrentDictionary<(string Field, string Term), TermContext> _termContexts = new();

    // Document frequencies of terms with related terms, computed on first use (bounded).
    private readonly ConcurrentDictionary<string, int> _relatedFrequency = new(StringComparer.Ordinal);

    private KnowledgeIndex(
        long version,
        KnowledgeAnalyzer analyzer,
        IndexSearcher? searcher,
        Dictionary<string, ArticleTerms> articles,
        Dictionary<string, int> documentFrequency,
        string[] documentIds,
        bool thesaurus)
    {
        Version = version;
        _analyzer = analyzer;
        _thesaurus = thesaurus ? new SupportThesaurus(analyzer) : null;
        _searcher = searcher;
        _articles = articles;
        _documentFrequency = documentFrequency;
        _documentIds = documentIds;
        _vocabulary = new(StringComparer.Ordinal)
        {
            [TitleField] = [.. articles.Values.SelectMany(a => a.Title)],
            [QuestionsField] = [.. articles.Values.SelectMany(a => a.Questions)],
            [BodyField] = [.. articles.Values.SelectMany(a => a.Body)],
        };
    }

    /// <summary>The knowledge-base version this index was built from.</summary>
    public long Version { get; }

    /// <summary>How many articles the index holds.</summary>
    public int ArticleCount => _articles.Count;

    /// <summary>The sentence vectors of the same version (hybrid retrieval); null in lexical mode or before they are built.</summary>
    public Semantic.SemanticIndex? Semantic { get; internal set; }

    /// <summary>
    /// Builds the index of every article in <paramref name="snapshot"/>. <paramref name="thesaurus"/>: expand query
    /// terms with <see cref="SupportThesaurus"/> (lexical mode); hybrid retrieval leaves synonyms to the embeddings.
    /// </summary>
    public static KnowledgeIndex Build(KnowledgeSnapshot snapshot, bool thesaurus = true)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var analyzer = new KnowledgeAnalyzer();
        var articles = new Dictionary<string, ArticleTerms>(StringComparer.Ordinal);
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var article in snapshot.Articles)
        {
            var terms = new ArticleTerms(
                article,
                [.. analyzer.Terms(article.Title)],
                [.. article.Questions.SelectMany(analyzer.Terms)],
                [.. analyzer.Terms(article.Body)]);
            if (!articles.TryAdd(article.Id, terms))
            {
                continue;
            }

            foreach (var term in terms.All)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        if (articles.Count == 0)
        {
            return new KnowledgeIndex(snapshot.Version, analyzer, null, articles, documentFrequency, [], thesaurus);
        }

        // RAMDirectory is managed memory only; the index lives as long as a search may use it.
        var directory = new RAMDirectory();
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(directory, config))
        {
            foreach (var terms in articles.Values)
            {
                var document = new Document
                {
                    new StringField(IdField, terms.Article.Id, Field.Store.YES),
                    new TextField(TitleField, KnowledgeAnalyzer.Normalize(terms.Article.Title), Field.Store.NO),
                    new TextField(BodyField, KnowledgeAnalyzer.Normalize(terms.Article.Body), Field.Store.NO),
                };
                foreach (var question in terms.Article.Questions)
                {
                    document.Add(new TextField(QuestionsField, KnowledgeAnalyzer.Normalize(question), Field.Store.NO));
                }

                writer.AddDocument(document);
            }

            writer.Commit();
        }

        var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        var documentIds = new string[reader.MaxDoc];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            documentIds[doc] = reader.Document(doc).Get(IdField);
        }

        return new KnowledgeIndex(snapshot.Version, analyzer, searcher, articles, documentFrequency, documentIds, thesaurus);
    }

    /// <summary>
    /// Finds the articles that best answer <paramref name="question"/>, at most <paramref name="top"/>,
    /// best first. Never throws on odd input: text is analyzed into terms, not parsed as a query.
    /// </summary>
    public KnowledgeSearchResult Search(string question, int top)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var text = question ?? "";
        if (text.Length > MaxQuestionLength)
        {
            text = text[..MaxQuestionLength];
        }

        var terms = _analyzer.Terms(text)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxQueryTerms)
            .Select(t => new QueryTerm(t, _thesaurus?.Related(t) ?? [], DocumentFrequency(t)))
            .ToList();
        if (terms.Count == 0 || _searcher is null)
        {
            return new KnowledgeSearchResult(terms, [], ArticleCount);
        }

        var query = new BooleanQuery();
        foreach (var term in terms)
        {
            // Per term the best field counts (plus a little of the others), so a term repeated in
            // title, questions and body does not outweigh two different terms.
            var clause = new DisjunctionMaxQuery(0.1f);
            AddFields(clause, term.Term, 1f);
            foreach (var related in term.Related)
            {
                AddFields(clause, related, RelatedTermWeight);
            }

            if (clause.Disjuncts.Count > 0)
            {
                query.Add(clause, Occur.SHOULD);
            }
        }

        if (query.Clauses.Count == 0)
        {
            // No term of the question is in any article.
            return new KnowledgeSearchResult(terms, [], ArticleCount);
        }

        // Scored in document order: Lucene's out-of-order scorer for several clauses allocates a table of
        // 2,048 buckets per search, which for an index of a few articles costs far more than the search.
        var collector = TopScoreDocCollector.Create(top, docsScoredInOrder: true);
        _searcher.Search(query, collector);
        var found = collector.GetTopDocs();
        var hits = new List<KnowledgeHit>(found.ScoreDocs.Length);
        foreach (var scoreDoc in found.ScoreDocs)
        {
            var article = _articles[_documentIds[scoreDoc.Doc]];
            hits.Add(new KnowledgeHit(article.Article, scoreDoc.Score, [.. terms.Select(article.Match)]));
        }

        return new KnowledgeSearchResult(terms, hits, ArticleCount);
    }

    private int DocumentFrequency(string term)
    {
        var related = _thesaurus?.Related(term) ?? [];
        if (related.Count == 0)
        {
            return _documentFrequency.GetValueOrDefault(term);
        }

        if (_relatedFrequency.TryGetValue(term, out var frequency))
        {
            return frequency;
        }

        frequency = _articles.Values.Count(a => a.All.Contains(term) || related.Any(a.All.Contains));
        if (_relatedFrequency.Count < MaxQueryTerms * 64)
        {
            _relatedFrequency.TryAdd(term, frequency);
        }

        return frequency;
    }

    private void AddFields(DisjunctionMaxQuery clause, string term, float weight)
    {
        Add(TitleField, TitleBoost);
        Add(QuestionsField, QuestionsBoost);
        Add(BodyField, BodyBoost);

        void Add(string field, float boost)
        {
            if (_vocabulary[field].Contains(term))
            {
                var key = new Term(field, term);
                clause.Add(new TermQuery(key, _termContexts.GetOrAdd((field, term), _ => TermContext.Build(_searcher!.TopReaderContext, key))) { Boost = boost * weight });
            }
        }
    }

    private sealed class ArticleTerms
    {
        private readonly HashSet<string> _title;
        private readonly HashSet<string> _questions;
        private readonly HashSet<string> _body;

        public ArticleTerms(Article article, HashSet<string> title, HashSet<string> questions, HashSet<string> body)
        {
            Article = article;
            _title = title;
            _questions = questions;
            _body = body;
            All = [.. title, .. questions, .. body];
        }

        public Article Article { get; }

        public HashSet<string> All { get; }

        public IEnumerable<string> Title => _title;

        public IEnumerable<string> Questions => _questions;

        public IEnumerable<string> Body => _body;

        public MatchedFields Match(QueryTerm term)
        {
            var fields = Fields(term.Term);
            if (fields != MatchedFields.None)
            {
                return fields;
            }

            foreach (var related in term.Related)
            {
                fields |= Fields(related);
            }

            return fields == MatchedFields.None ? fields : fields | MatchedFields.Synonym;
        }

        private MatchedFields Fields(string term) =>
            (_title.Contains(term) ? MatchedFields.Title : MatchedFields.None)
            | (_questions.Contains(term) ? MatchedFields.Questions : MatchedFields.None)
            | (_body.Contains(term) ? MatchedFields.Body : MatchedFields.None);
    }
}
