using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Bench;

/// <summary>What one import measured. The phases split at the validating pass's last progress report.</summary>
internal sealed record ImportRun(
    ImportOutcome Outcome,
    TimeSpan Total,
    TimeSpan Validation,
    TimeSpan Write,
    long WriteCommands,
    long PeakWorkingSet,
    bool PeakIsPerRun);

/// <summary>A workspace with a small customer-success team, and imports into it the way the import worker runs them.</summary>
internal static class BenchWorkspace
{
    public static readonly IReadOnlyList<string> OwnerEmails =
    [
        "lea.fontaine@editeur.test", "julien.moreau@editeur.test", "sarah.benali@editeur.test",
        "thomas.nguyen@editeur.test", "ines.lambert@editeur.test", "hugo.perrin@editeur.test",
    ];

    public static async Task<WorkspaceId> CreateAsync(BenchDatabase database, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var scope = new WorkspaceScope();
        await using var db = database.CreateContext(scope);
        var workspace = Workspace.Create("Banc d'essai", isDemo: false, clock).Value;
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(ct);
        scope.Enter(workspace.Id);
        foreach (var email in OwnerEmails)
        {
            db.Users.Add(new AppUser
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                WorkspaceId = workspace.Id,
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                DisplayName = email.Split('@')[0],
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
        }

        await db.SaveChangesAsync(ct);
        return workspace.Id;
    }

    /// <summary>
    /// Sniffs the file and takes the suggested mapping, as the upload preview does, then runs <see cref="CsvImporter"/> in a
    /// context of its own, as the import worker does. Throws when the file cannot be read, the mapping misses a column or the import is rejected.
    /// </summary>
    public static async Task<ImportRun> ImportAsync(BenchDatabase database, WorkspaceId workspace, ImportKind kind, string path, CancellationToken ct)
    {
        var sniffed = await CsvSniffer.SniffAsync(path, 5, ct);
        if (sniffed.Error is { } sniffError)
        {
            throw new BenchFailure($"The sniffer could not read {Path.GetFileName(path)}: {sniffError.Detail}");
        }

        var sniff = sniffed.Value;
        var mapping = ImportFields.SuggestMapping(kind, sniff.Headers);
        if (mapping.Count != sniff.Headers.Count)
        {
            throw new BenchFailure($"The suggested mapping left columns out: {string.Join(", ", sniff.Headers.Except(mapping.Values))}.");
        }

        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        await using var db = database.CreateContext(scope);
        var clock = TimeProvider.System;
        var perRunPeak = Memory.ResetPeak();
        var phases = new PhaseClock(clock, database.Commands);
        var result = await new CsvImporter(clock).RunAsync(db, kind, path, sniff.EncodingName, sniff.Delimiter, mapping, phases, ct);
        var total = clock.GetElapsedTime(phases.Started);

        if (result.Error is { } error)
        {
            throw new BenchFailure($"The {kind} import failed: {error.Detail}");
        }

        var outcome = result.Value;
        if (outcome.Status != ImportOutcomeStatus.Succeeded)
        {
            throw new BenchFailure(
                $"The {kind} import was rejected with {outcome.ErrorCount} errors, first: {string.Join(" | ", outcome.Errors.Take(3))}");
        }

        var validation = clock.GetElapsedTime(phases.Started, phases.ValidationEnd);
        return new ImportRun(
            outcome,
            total,
            validation,
            total - validation,
            database.Commands.Count - phases.CommandsAtValidationEnd,
            Memory.PeakWorkingSet(),
            perRunPeak);
    }

    /// <summary>Notes when the validating pass last reported: the write pass starts right after it.</summary>
    private sealed class PhaseClock(TimeProvider clock, CommandCounter commands) : IProgress<ImportProgress>
    {
        public long Started { get; } = clock.GetTimestamp();

        public long ValidationEnd { get; private set; }

        public long CommandsAtValidationEnd { get; private set; }

        public void Report(ImportProgress value)
        {
            if (value.Phase == ImportProgress.Validating)
            {
                ValidationEnd = clock.GetTimestamp();
                CommandsAtValidationEnd = commands.Count;
            }
        }
    }
}

/// <summary>A result the benchmark refuses: it stops the run with this message rather than print a misleading figure.</summary>
internal sealed class BenchFailure(string message) : Exception(message);
