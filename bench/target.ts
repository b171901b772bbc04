// One benchmark target and whether it was met, shared by report.ts and pacingReport.ts.

export interface Target {
	name: string;
	measured: string;
	pass: boolean;
}
