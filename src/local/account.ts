// The account id of the local engine: every ARN, owner and pseudo parameter it reports uses it.
export const LOCAL_ACCOUNT_ID = '000000000000';
