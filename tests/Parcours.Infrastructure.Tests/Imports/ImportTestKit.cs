using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Imports;

/// <summary>
/// One migrated database per provider for a whole test class, created on first use so a missing PostgreSQL server
/// skips only the PostgreSQL cases. Tests stay independent because each works in a workspace of its own.
/// </summary>
public sealed class ImportDatabases : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<TestDatabase>>> _databases = new();

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    public Task<TestDatabase> GetAsync(DatabaseProvider provider) =>
        _databases.GetOrAdd(provider, p => new Lazy<Task<TestDatabase>>(() => TestDatabase.CreateAsync(p))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values)
        {
            if (database.IsValueCreated && database.Value.IsCompletedSuccessfully)
            {
                await database.Value.Result.DisposeAsync();
            }
        }
    }
}

/// <summary>A fresh workspace, its clock, and CSV files written for the test and deleted after it.</summary>
public sealed class TestWorkspace : IDisposable
{
    private readonly TestDatabase _database;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "parcours-tests", "csv-" + Guid.NewGuid().ToString("N"));

    private TestWorkspace(TestDatabase database, WorkspaceId id, FakeTimeProvider clock)
    {
        _database = database;
        Id = id;
        Clock = clock;
        Directory.CreateDirectory(_folder);
    }

    public WorkspaceId Id { get; }

    public FakeTimeProvider Clock { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<TestWorkspace> CreateAsync(ImportDatabases databases, DatabaseProvider provider)
    {
        var database = await databases.GetAsync(provider);
        var clock = Parcours.Testing.Clock.Fake();
        await using var db = database.CreateContext(new WorkspaceScope());
        var workspace = Workspace.Create("Import tests", false, clock).Value;
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(Ct);
        return new TestWorkspace(database, workspace.Id, clock);
    }

    public ParcoursDbContext Context()
    {
        var scope = new WorkspaceScope();
        scope.Enter(Id);
        return _database.CreateContext(scope);
    }

    /// <summary>Writes the text as UTF-8 (with a byte order mark when asked) or in the given encoding.</summary>
    public string WriteFile(string text, Encoding? encoding = null, bool bom = false)
    {
        var bytes = (encoding ?? Encoding.UTF8).GetBytes(text);
        return WriteFile(bom ? [.. Encoding.UTF8.GetPreamble(), .. bytes] : bytes);
    }

    public string WriteFile(byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Sniffs the file, maps its columns by suggestion unless told otherwise, and imports it: the path the server takes.</summary>
    public async Task<ImportOutcome> ImportAsync(
        ImportKind kind, string path, IReadOnlyDictionary<string, string>? mapping = null, IProgress<ImportProgress>? progress = null)
    {
        var result = await TryImportAsync(kind, path, mapping, progress);
        Assert.True(result.IsSuccess, result.Error?.Detail);
        return result.Value;
    }

    public async Task<Result<ImportOutcome>> TryImportAsync(
        ImportKind kind, string path, IReadOnlyDictionary<string, string>? mapping = null, IProgress<ImportProgress>? progress = null)
    {
        var sniff = await CsvSniffer.SniffAsync(path, 5, Ct);
        Assert.True(sniff.IsSuccess, sniff.Error?.Detail);
        await using var db = Context();
        return await new CsvImporter(Clock).RunAsync(
            db, kind, path, sniff.Value.EncodingName, sniff.Value.Delimiter,
            mapping ?? ImportFields.SuggestMapping(kind, sniff.Value.Headers), progress, Ct);
    }

    public async Task<Guid> AddUserAsync(string email, bool active = true)
    {
        await using var db = Context();
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(Clock.GetUtcNow()),
            WorkspaceId = Id,
            // User names are unique across workspaces, and the test classes share their database.
            UserName = $"{Id}:{email}",
            NormalizedUserName = $"{Id}:{email}".ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = email,
            CreatedAt = Clock.GetUtcNow().UtcDateTime,
            DeactivatedAt = active ? null : Clock.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(Ct);
        return user.Id;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

internal static class OutcomeAssert
{
    public static void Succeeded(ImportOutcome outcome, int created, int updated, int unchanged)
    {
        Assert.True(outcome.Status == ImportOutcomeStatus.Succeeded, string.Join(Environment.NewLine, outcome.Errors));
        Assert.Equal((created, updated, unchanged), (outcome.Created, outcome.Updated, outcome.Unchanged));
        Assert.Equal(created + updated + unchanged, outcome.TotalRows);
    }

    public static void Rejected(ImportOutcome outcome, params (int Row, string? Field)[] expected)
    {
        Assert.Equal(ImportOutcomeStatus.Rejected, outcome.Status);
        Assert.Equal((0, 0, 0), (outcome.Created, outcome.Updated, outcome.Unchanged));
        Assert.Equal(expected, outcome.Errors.Select(e => (e.Row, e.Field)).ToArray());
        Assert.Equal(expected.Length, outcome.ErrorCount);
    }
}
