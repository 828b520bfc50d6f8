using System.Text;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Imports;

namespace Parcours.Infrastructure.Tests.Imports;

public sealed class CsvSnifferTests : IDisposable
{
    private static readonly Encoding Windows1252 = CodePages();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "parcours-tests", "sniff-" + Guid.NewGuid().ToString("N"));

    public CsvSnifferTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task SniffAsync_Utf8WithBom_ReportsBomAndReadsAccents()
    {
        var path = Write([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("Société;Prénom\nÉlodie & Œuvre;Zoé\n")]);

        var sniff = await SniffAsync(path);

        Assert.Equal("utf-8-bom", sniff.EncodingName);
        Assert.Equal(["Société", "Prénom"], sniff.Headers);
        Assert.Equal(["Élodie & Œuvre", "Zoé"], sniff.SampleRows[0]);
    }

    [Fact]
    public async Task SniffAsync_Utf8WithoutBom_ReportsUtf8()
    {
        var sniff = await SniffAsync(Write(Encoding.UTF8.GetBytes("Société,MRR\nCafé €,12\n")));

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.Equal(["Café €", "12"], sniff.SampleRows[0]);
    }

    [Fact]
    public async Task SniffAsync_Windows1252_ReportsItAndDecodesAccentsEuroAndOe()
    {
        var sniff = await SniffAsync(Write(Windows1252.GetBytes("Société;Note\nÉlodie;œuvre à 12 €\n")));

        Assert.Equal("windows-1252", sniff.EncodingName);
        Assert.Equal(["Société", "Note"], sniff.Headers);
        Assert.Equal(["Élodie", "œuvre à 12 €"], sniff.SampleRows[0]);
    }

    [Fact]
    public async Task SniffAsync_Windows1252ByteAfterManyAsciiRows_StillDetected()
    {
        var ascii = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"Company {i};{i}\n"));
        var sniff = await SniffAsync(Write(Windows1252.GetBytes("Name;MRR\n" + ascii + "Crème brûlée;1\n")));

        Assert.Equal("windows-1252", sniff.EncodingName);
        Assert.Equal(20_001, sniff.EstimatedRows);
    }

    [Theory]
    [InlineData("name;domain;mrr\nA;a.fr;1\n", ';')]
    [InlineData("name,domain,mrr\nA,a.fr,1\n", ',')]
    [InlineData("name\tdomain\tmrr\nA\ta.fr\t1\n", '\t')]
    [InlineData("\"Nom, prénom\";Domaine\nA;b\n", ';')]
    [InlineData("\"Nom; prénom\",Domaine\nA,b\n", ',')]
    [InlineData("name\nAcme\n", ',')]
    public async Task SniffAsync_HeaderDelimiters_DetectedOutsideQuotes(string text, char expected)
    {
        var sniff = await SniffAsync(Write(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(expected, sniff.Delimiter);
    }

    [Fact]
    public async Task SniffAsync_QuotedDelimitersQuotesAndLineBreaks_KeptInOneRow()
    {
        var text = "name;note\r\n\"Dupont, Fils; et Cie\";\"Il a dit \"\"oui\"\"\r\net puis non\"\r\nSecond;ok\r\n\r\n\r\n";

        var sniff = await SniffAsync(Write(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(2, sniff.EstimatedRows);
        Assert.Equal(["Dupont, Fils; et Cie", "Il a dit \"oui\"\r\net puis non"], sniff.SampleRows[0]);
        Assert.Equal(["Second", "ok"], sniff.SampleRows[1]);
    }

    [Fact]
    public async Task SniffAsync_CarriageReturnLineEndings_ReadAsRows()
    {
        var sniff = await SniffAsync(Write(Encoding.UTF8.GetBytes("name;domain\rA;a.fr\rB;b.fr\r")));

        Assert.Equal((';', 2), (sniff.Delimiter, sniff.EstimatedRows));
        Assert.Equal(["B", "b.fr"], sniff.SampleRows[1]);
    }

    [Fact]
    public async Task SniffAsync_TrailingSpacesAndEmptyTrailingColumns_Trimmed()
    {
        var sniff = await SniffAsync(Write(Encoding.UTF8.GetBytes("name ; domain ;;\n Acme ; acme.fr ;;\n")));

        Assert.Equal(["name", "domain"], sniff.Headers);
        Assert.Equal(["Acme", "acme.fr"], sniff.SampleRows[0]);
    }

    [Fact]
    public async Task SniffAsync_ManyRows_SamplesOnlyTheFirstOnes()
    {
        var text = "name\n" + string.Concat(Enumerable.Range(1, 50).Select(i => $"Company {i}\n"));

        var sniff = await SniffAsync(Write(Encoding.UTF8.GetBytes(text)), sampleRows: 3);

        Assert.Equal(["Company 1", "Company 2", "Company 3"], sniff.SampleRows.Select(r => r[0]));
        Assert.Equal(50, sniff.EstimatedRows);
    }

    [Theory]
    [InlineData("", "csv_empty")]
    [InlineData("\uFEFF", "csv_empty")]
    [InlineData("\n  \n;;\n", "csv_no_header")]
    [InlineData("name;domain;Name\nA;b;c\n", "csv_duplicate_header")]
    [InlineData("name;;domain\nA;b;c\n", "csv_blank_header")]
    [InlineData("name\0;domain\n", "csv_not_text")]
    public async Task SniffAsync_UnusableFile_ReturnsInvalid(string text, string code)
    {
        var result = await CsvSniffer.SniffAsync(Write(Encoding.UTF8.GetBytes(text)), 5, TestContext.Current.CancellationToken);

        var error = Assert.IsType<Error.Invalid>(result.Error);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task SniffAsync_Utf16File_ExplainsHowToSaveAsCsv()
    {
        var result = await CsvSniffer.SniffAsync(Write([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("name\nA\n")]), 5, TestContext.Current.CancellationToken);

        Assert.Contains("CSV UTF-8", Assert.IsType<Error.Invalid>(result.Error).Detail, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Encoding CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    private static async Task<CsvSniffResult> SniffAsync(string path, int sampleRows = 5)
    {
        var result = await CsvSniffer.SniffAsync(path, sampleRows, TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, result.Error?.Detail);
        return result.Value;
    }

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
