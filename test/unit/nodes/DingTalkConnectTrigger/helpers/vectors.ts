/** DingTalk's two official callback-crypto test vectors (DingCallbackCrypto3.py and DingTalkCrypto.go). */
export const VECTORS = [
	{
		name: 'check_url (DingCallbackCrypto3.py)',
		token: 'mryue',
		encodingAesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
		ownerKey: 'ding6ccabc44d2c8d38b',
		timestamp: '1608001896814',
		nonce: 'WL4PK6yA',
		signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
		encrypt:
			'0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
		plaintext: '{"EventType":"check_url"}',
	},
	{
		name: 'success (DingTalkCrypto.go)',
		token: 'tokenxxxx',
		encodingAesKey: 'o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus',
		ownerKey: 'dingxxxxxx',
		timestamp: '1605695694141',
		nonce: 'WelUQl6bCqcBa2fM',
		signature: 'f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc',
		encrypt: 'X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==',
		plaintext: 'success',
	},
];
