namespace Parcours.Bench;

/// <summary>The generated CSV files, written once per size into a temp folder that is deleted at the end.</summary>
internal sealed class BenchFiles : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "parcours-bench", $"csv-{Guid.NewGuid():N}");

    public BenchFiles() => Directory.CreateDirectory(_folder);

    public string Accounts(int rows)
    {
        var path = Path.Combine(_folder, $"comptes-{rows}.csv");
        if (!File.Exists(path))
        {
            CsvFiles.WriteAccounts(path, rows, BenchWorkspace.OwnerEmails);
        }

        return path;
    }

    /// <summary>People linked to the accounts of the file <see cref="Accounts"/> writes for <paramref name="accountRows"/>.</summary>
    public string People(int rows, int accountRows)
    {
        var path = Path.Combine(_folder, $"personnes-{rows}-{accountRows}.csv");
        if (!File.Exists(path))
        {
            CsvFiles.WritePeople(path, rows, accountRows);
        }

        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
